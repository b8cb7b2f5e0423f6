/**
 * Runs the demo marketplace in the foreground for manual browsing:
 *
 *   npx tsx demo/scripts/serve.ts [port]
 */
import { startDemoMarketplace } from '../server.js';

const port = process.argv[2] ? Number(process.argv[2]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${process.argv[2]}`);
const shop = await startDemoMarketplace({ port });
console.log(`demo marketplace at ${shop.url}/ (Ctrl-C to stop)`);
const stop = () => void shop.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

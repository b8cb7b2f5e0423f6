import type { Job } from 'bullmq';
import type { VerifyJobData } from '../queues.js';
import { verifyTakedown, type VerifyOutcome } from '../stages/verify.js';
import type { WorkerDeps } from './deps.js';

/** The takedown-verify stage; its jobs come from the per-request re-check schedulers (schedules.ts). */
export function takedownVerifyProcessor(deps: WorkerDeps) {
  return async (job: Job<VerifyJobData>, _token?: string, signal?: AbortSignal): Promise<{ outcome: VerifyOutcome }> => {
    const { takedownId } = job.data;
    await deps.limiter.acquire((await deps.ctx.repos.takedownVerification.target(takedownId))?.url ?? 'http://unknown.invalid/', signal);
    const outcome = await verifyTakedown(deps.ctx, takedownId, { signal });
    // Confirmed gone (or nothing left to check): the re-check schedule has done its work.
    if (outcome !== 'still_online') await deps.queues.queue('takedown-verify').removeJobScheduler(recheckSchedulerId(takedownId));
    return { outcome };
  };
}

export function recheckSchedulerId(takedownId: number): string {
  return `recheck-takedown-${takedownId}`;
}

import type { Job } from 'bullmq';
import type { VerifyJobData } from '../queues.js';
import { recheckSchedulerId, syncTakedownRechecks, type SyncReport } from '../schedules.js';
import { verifyTakedown, type VerifyOutcome } from '../stages/verify.js';
import type { WorkerDeps } from './deps.js';

export type VerifyJobResult = { outcome: VerifyOutcome } | { sweep: SyncReport };

/**
 * The takedown-verify stage. Its jobs come from the per-request re-check
 * schedulers; the sweep job (one scheduler) creates and removes those.
 */
export function takedownVerifyProcessor(deps: WorkerDeps) {
  return async (job: Job<VerifyJobData>, _token?: string, signal?: AbortSignal): Promise<VerifyJobResult> => {
    const data = job.data;
    if ('sweep' in data) {
      const sweep = await syncTakedownRechecks(deps.queues, deps.ctx.repos.takedownVerification, data.everyMs);
      if (sweep.added.length || sweep.removed.length) deps.log.info({ jobId: job.id, ...sweep }, 'takedown re-check schedules synced');
      return { sweep };
    }
    const { takedownId } = data;
    const target = await deps.ctx.repos.takedownVerification.target(takedownId);
    // The re-fetch counts against the shop's fleet-wide rate like any crawl request.
    if (target) await deps.limiter.acquire(target.url, signal);
    const outcome = await verifyTakedown(deps.ctx, takedownId, { signal });
    // Confirmed gone (or nothing left to check): the re-check schedule has done its work.
    if (outcome !== 'still_online') await deps.queues.queue('takedown-verify').removeJobScheduler(recheckSchedulerId(takedownId));
    return { outcome };
  };
}

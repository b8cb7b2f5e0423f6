DROP INDEX "cases_open_queue_idx";--> statement-breakpoint
CREATE INDEX "cases_open_queue_idx" ON "cases" USING btree ("risk_rank" DESC NULLS FIRST,"opened_at","id") WHERE status = 'open';
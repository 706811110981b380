DROP INDEX `tasks_claim_idx`;--> statement-breakpoint
CREATE INDEX `tasks_claim_idx` ON `tasks` (`status`,"priority" desc,`id`);
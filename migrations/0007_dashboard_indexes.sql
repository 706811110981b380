-- The dashboard's "today" counters and throughput chart read finished prompts by status and
-- completion time; without this, failed/cancelled counts walk the queue index and the table.
CREATE INDEX `prompts_finished_idx` ON `prompts` (`status`,`completed_at`);--> statement-breakpoint
-- The queue in delivery order (priority high first, then oldest): the dashboard's queue page and
-- positions, and the assigner's pending list, read it without sorting every pending prompt.
CREATE INDEX `prompts_queue_order_idx` ON `prompts` (`status`,"priority" desc,`created_at`,`id`);

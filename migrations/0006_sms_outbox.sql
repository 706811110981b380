-- The SMS outbox (SPEC §7). The table existed unused since 0000; it is rebuilt with the statuses the
-- sms-updates daemon needs (pending | sending | sent | failed | unknown, CHECKed), the recipients of
-- each message (and which ones already got it: `delivered`, {number: SID}), retry scheduling, and
-- the alerts it carries. Old rows keep their text:
-- queued → pending, suppressed → failed.
CREATE TABLE `sms_messages_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`recipients` text DEFAULT '[]' NOT NULL,
	`transport` text,
	`status` text DEFAULT 'pending' NOT NULL CHECK (`status` IN ('pending','sending','sent','failed','unknown')),
	`sid` text,
	`delivered` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`claimed_by` text,
	`alert_ids` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
INSERT INTO `sms_messages_new` (`id`, `kind`, `body`, `recipients`, `status`, `sid`, `error`, `attempts`, `created_at`, `updated_at`, `sent_at`)
SELECT `id`, `kind`, `body`, CASE WHEN `to_number` IS NULL THEN '[]' ELSE json_array(`to_number`) END,
	CASE `status` WHEN 'queued' THEN 'pending' WHEN 'suppressed' THEN 'failed' ELSE `status` END,
	`sid`, `error`, `attempts`, `created_at`, `created_at`, `sent_at`
FROM `sms_messages`;
--> statement-breakpoint
DROP TABLE `sms_messages`;
--> statement-breakpoint
ALTER TABLE `sms_messages_new` RENAME TO `sms_messages`;
--> statement-breakpoint
CREATE INDEX `sms_status_idx` ON `sms_messages` (`status`,`next_attempt_at`);
--> statement-breakpoint
CREATE INDEX `sms_created_idx` ON `sms_messages` (`created_at`);
--> statement-breakpoint
-- The outbox message an alert went out in (NULL with notified_at set: deduplicated, not sent again).
ALTER TABLE `alerts` ADD `sms_message_id` integer;
--> statement-breakpoint
CREATE INDEX `alerts_created_idx` ON `alerts` (`created_at`);

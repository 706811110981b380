ALTER TABLE `secrets` ADD `service` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `category` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `description` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TABLE `__new_features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`title` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`spec` text,
	`estimated_hours` real,
	`assigned_to` text,
	`completed_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "features_status_check" CHECK(`status` IN ('draft','in_progress','completed','blocked'))
);
--> statement-breakpoint
INSERT INTO `__new_features` (`id`, `project_id`, `title`, `description`, `status`, `priority`, `created_at`, `updated_at`)
  SELECT `id`, `project_id`, `title`, `description`,
    CASE WHEN `status` IN ('draft','in_progress','completed','blocked') THEN `status` WHEN `status` = 'done' THEN 'completed' ELSE 'draft' END,
    `priority`, `created_at`, `updated_at` FROM `features`;--> statement-breakpoint
DROP TABLE `features`;--> statement-breakpoint
ALTER TABLE `__new_features` RENAME TO `features`;--> statement-breakpoint
CREATE INDEX `features_project_idx` ON `features` (`project_id`);--> statement-breakpoint
CREATE TABLE `__new_bugs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`title` text NOT NULL,
	`description` text,
	`severity` text DEFAULT 'medium' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bugs_status_check" CHECK(`status` IN ('open','in_progress','fixed','closed')),
	CONSTRAINT "bugs_severity_check" CHECK(`severity` IN ('low','medium','high','critical'))
);
--> statement-breakpoint
INSERT INTO `__new_bugs` (`id`, `project_id`, `title`, `description`, `severity`, `status`, `created_at`, `updated_at`)
  SELECT `id`, `project_id`, `title`, `description`,
    CASE WHEN `severity` IN ('low','medium','high','critical') THEN `severity` ELSE 'medium' END,
    CASE WHEN `status` IN ('open','in_progress','fixed','closed') THEN `status` ELSE 'open' END,
    `created_at`, `updated_at` FROM `bugs`;--> statement-breakpoint
DROP TABLE `bugs`;--> statement-breakpoint
ALTER TABLE `__new_bugs` RENAME TO `bugs`;--> statement-breakpoint
CREATE INDEX `bugs_project_idx` ON `bugs` (`project_id`);--> statement-breakpoint
CREATE TABLE `work_item_prompts` (
	`prompt_id` integer PRIMARY KEY NOT NULL,
	`feature_id` integer,
	`bug_id` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`prompt_id`) REFERENCES `prompts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bug_id`) REFERENCES `bugs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "work_item_prompts_one_item" CHECK((`feature_id` IS NULL) <> (`bug_id` IS NULL))
);
--> statement-breakpoint
CREATE INDEX `work_item_prompts_feature_idx` ON `work_item_prompts` (`feature_id`);--> statement-breakpoint
CREATE INDEX `work_item_prompts_bug_idx` ON `work_item_prompts` (`bug_id`);--> statement-breakpoint
CREATE TABLE `legacy_imports` (
	`source` text NOT NULL,
	`legacy_id` text NOT NULL,
	`new_id` integer,
	`outcome` text NOT NULL,
	`imported_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`source`, `legacy_id`)
);

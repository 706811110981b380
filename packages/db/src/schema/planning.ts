import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, nowMs, updatedAt } from './columns';
import { prompts } from './prompts';

export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  path: text('path'),
  description: text('description'),
  status: text('status').notNull().default('active'),
  priority: integer('priority').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const features = sqliteTable(
  'features',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    // draft | in_progress | completed | blocked
    status: text('status').notNull().default('draft'),
    priority: integer('priority').notNull().default(0),
    spec: text('spec'),
    estimatedHours: real('estimated_hours'),
    assignedTo: text('assigned_to'),
    completedAt: integer('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('features_project_idx').on(t.projectId),
    check('features_status_check', sql`${t.status} IN ('draft','in_progress','completed','blocked')`),
  ],
);

export const bugs = sqliteTable(
  'bugs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    severity: text('severity').notNull().default('medium'),
    // open | in_progress | fixed | closed
    status: text('status').notNull().default('open'),
    priority: integer('priority').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bugs_project_idx').on(t.projectId),
    check('bugs_status_check', sql`${t.status} IN ('open','in_progress','fixed','closed')`),
    check('bugs_severity_check', sql`${t.severity} IN ('low','medium','high','critical')`),
  ],
);

export const milestones = sqliteTable(
  'milestones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    phase: text('phase'),
    tasks: text('tasks', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    estimatedHours: real('estimated_hours').notNull().default(0),
    status: text('status').notNull().default('open'),
    reportPath: text('report_path'),
    createdAt: createdAt(),
  },
  (t) => [index('milestones_project_idx').on(t.projectId)],
);

export const plans = sqliteTable('plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  projectId: integer('project_id').references(() => projects.id, { onDelete: 'set null' }),
  status: text('status').notNull().default('active'),
  // The file the plan was read from (plans add --file).
  source: text('source'),
  blockedReason: text('blocked_reason'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const planSteps = sqliteTable(
  'plan_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    phase: text('phase').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    prompt: text('prompt').notNull(),
    status: text('status').notNull().default('pending'),
    promptId: integer('prompt_id'),
    // The step's name within its plan, referred to by other steps' dependsOn.
    stepKey: text('step_key').notNull().default(''),
    dependsOn: text('depends_on', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    targetSession: text('target_session'),
    targetProvider: text('target_provider'),
    requiredSpecialty: text('required_specialty'),
    // Shell command run as a task in the project's folder; the step is done only when it exits 0.
    verify: text('verify'),
    verifyTaskId: integer('verify_task_id'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    lastFailure: text('last_failure'),
    createdAt: createdAt(),
    completedAt: integer('completed_at'),
    updatedAt: integer('updated_at').notNull().default(0),
  },
  (t) => [uniqueIndex('plan_steps_position_idx').on(t.planId, t.position), index('plan_steps_status_idx').on(t.status)],
);

/** One TODO comment or checkbox item found by a milestone scan, deduplicated by signature. */
export const milestoneItems = sqliteTable(
  'milestone_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    signature: text('signature').notNull(),
    kind: text('kind').notNull(),
    tag: text('tag').notNull(),
    text: text('text').notNull(),
    file: text('file').notNull(),
    line: integer('line').notNull(),
    owner: text('owner'),
    phase: text('phase'),
    estimatedHours: real('estimated_hours').notNull(),
    status: text('status').notNull().default('open'),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    closedAt: integer('closed_at'),
  },
  (t) => [uniqueIndex('milestone_items_signature_idx').on(t.projectId, t.signature)],
);

export const suggestions = sqliteTable('suggestions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  status: text('status').notNull().default('open'),
  // Deduplicates a recurring problem into one suggestion.
  fingerprint: text('fingerprint').unique(),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull().default(0),
  decidedAt: integer('decided_at'),
});

/** The prompts a feature or bug produced when it was sent to the fleet (exactly one of the two). */
export const workItemPrompts = sqliteTable(
  'work_item_prompts',
  {
    promptId: integer('prompt_id').primaryKey().references(() => prompts.id, { onDelete: 'cascade' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'cascade' }),
    bugId: integer('bug_id').references(() => bugs.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('work_item_prompts_feature_idx').on(t.featureId),
    index('work_item_prompts_bug_idx').on(t.bugId),
    check('work_item_prompts_one_item', sql`(${t.featureId} IS NULL) <> (${t.bugId} IS NULL)`),
  ],
);

/** What `architect import-legacy` took from the old system: a second run skips these. */
export const legacyImports = sqliteTable(
  'legacy_imports',
  {
    // e.g. architect.projects, assigner.prompts
    source: text('source').notNull(),
    legacyId: text('legacy_id').notNull(),
    newId: integer('new_id'),
    // imported | skipped:<reason>
    outcome: text('outcome').notNull(),
    importedAt: integer('imported_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.source, t.legacyId] })],
);

import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  path: text('path'),
  description: text('description'),
  status: text('status').notNull().default('active'),
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
    status: text('status').notNull().default('planned'),
    priority: integer('priority').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('features_project_idx').on(t.projectId)],
);

export const bugs = sqliteTable(
  'bugs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    severity: text('severity').notNull().default('medium'),
    status: text('status').notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('bugs_project_idx').on(t.projectId)],
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
    createdAt: createdAt(),
    completedAt: integer('completed_at'),
  },
  (t) => [uniqueIndex('plan_steps_position_idx').on(t.planId, t.position)],
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
});

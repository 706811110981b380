/** A plan file, JSON or Markdown, chosen by extension (or by a leading `{`). */
import { PlanParseError, fromJson, type PlanSpec } from './planSpec';
import { fromMarkdown } from './markdownPlan';

export function parsePlan(text: string, source: string): PlanSpec {
  const json = source.toLowerCase().endsWith('.json') || (!/\.(md|markdown)$/i.test(source) && text.trimStart().startsWith('{'));
  if (!json) return fromMarkdown(text, source);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PlanParseError(source, [`not valid JSON: ${(err as Error).message}`]);
  }
  return fromJson(raw, source);
}

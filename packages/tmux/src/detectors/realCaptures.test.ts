import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyScreen, toJsonShape, type ClassificationJson, type Provider } from './index';

/**
 * The real-capture table (issue #8): screens captured from the real agents by other people and
 * published (peer tools' fixtures, issue threads), each labelled with what the detector must say.
 */
const REAL = fileURLToPath(new URL('../../fixtures/screens/real/', import.meta.url));
const README = fileURLToPath(new URL('../../fixtures/screens/README.md', import.meta.url));
const screens = readdirSync(REAL).filter((f) => f.endsWith('.txt')).map((f) => f.replace(/\.txt$/, '')).sort();

interface Label extends ClassificationJson {
  provider: Provider;
  detail?: string;
  /** Repository + path, or issue URL, of the published capture. */
  source: string;
}

const label = (name: string) => JSON.parse(readFileSync(`${REAL}${name}.expected.json`, 'utf8')) as Label;
const classify = (name: string) => classifyScreen(label(name).provider, readFileSync(`${REAL}${name}.txt`, 'utf8'));

describe('real captures', () => {
  it('holds at least 40 screens, each labelled, each with its source in the fixtures README', () => {
    expect(screens.length).toBeGreaterThanOrEqual(40);
    const readme = readFileSync(README, 'utf8');
    for (const name of screens) {
      expect(label(name).source, name).toMatch(/\S/);
      expect(readme, `${name} is listed in README.md`).toContain(name);
    }
  });

  it.each(screens)('%s', (name) => {
    const { detail, source: _source, ...shape } = label(name);
    const result = classify(name);
    expect(toJsonShape(result)).toEqual(shape);
    if (detail !== undefined) expect(result.detail).toBe(detail);
  });

  it('never reads a busy screen or a dialog as idle', () => {
    for (const name of screens) {
      const { state } = label(name);
      if (state === 'busy' || state === 'permission' || /picker|dialog/.test(name)) {
        expect(classify(name).state, name).not.toBe('idle');
      }
    }
  });

  it('reports dialogs a human must answer as permission prompts of tool other, never as tools', () => {
    const human = screens.filter((name) => name.includes('-human-'));
    expect(human.length).toBeGreaterThanOrEqual(8);
    for (const name of human) {
      const { prompt } = classify(name);
      expect(prompt?.tool, name).toBe('other');
      expect(prompt?.humanNeeded, name).toBeDefined();
      expect(prompt?.command, name).toMatch(/\S/);
    }
  });

  it('spreads over the providers and states', () => {
    const seen = new Set(screens.map((name) => `${label(name).provider}:${label(name).state}`));
    for (const key of ['claude:idle', 'claude:busy', 'claude:permission', 'claude:unknown', 'codex:idle', 'codex:busy', 'codex:permission', 'gemini:permission', 'aider:idle', 'aider:permission']) {
      expect(seen, key).toContain(key);
    }
  });

  it('marks truncated or clipped requests incomplete', () => {
    for (const name of ['gemini-2025-permission-mcp-truncated', 'gemini-2026-permission-shell-allow-once', 'codex-ts-permission-allow-command']) {
      expect(classify(name).prompt?.complete, name).toBe(false);
    }
  });
});

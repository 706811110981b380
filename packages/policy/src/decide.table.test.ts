import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { decide } from './decide';
import { initPolicy } from './index';
import { CTX, typicalPolicy } from './testPolicy';
import { DANGEROUS, type Row } from './dangerousCommands';

/** Ordinary work that the typical allow list must approve (or, without a rule, escalate). */
const SAFE: Row[] = [
  ['npm test', 'approve'],
  ['npm run build', 'approve'],
  ['pnpm test -- --run', 'approve'],
  ['git status', 'approve'],
  ['git diff HEAD~1', 'approve'],
  ['git log --oneline -5', 'approve'],
  ['ls -la src', 'approve'],
  ['ls', 'approve'],
  ['cat src/index.ts', 'approve'],
  ['cat .env.example', 'approve'],
  ['grep -rn TODO src', 'approve'],
  ['npm test && git status', 'approve'],
  ['npm test; git status', 'approve'],
  ['npm run lint || npm run lint:fix', 'approve'],
  ['npm test 2>&1 | grep FAIL', 'approve'],
  ['npm test > /dev/null 2>&1', 'approve'],
  ['npm test\ngit status', 'approve'],
  ['rm -rf node_modules', 'approve'],
  ['rm -rf dist build', 'approve'],
  ['rm -f src/old.ts', 'approve'],
  ['rm -rf src/*', 'approve'],
  ['rm -rf ~/proj/coverage', 'approve'],
  ['cd src && rm -rf *', 'approve'],
  ['cd packages/web && npm test', 'approve'],
  ['(cd packages/web && npm run build)', 'approve'],
  ['find . -name "*.pyc" -delete', 'approve'],
  ['find src -name "*.ts" -exec grep -l foo {} +', 'approve'],
  ['git add -A && git commit -m "fix: thing"', 'approve'],
  ["git commit -m \"$(cat <<'EOF'\nfeat: add x\n\nbody\nEOF\n)\"", 'approve'],
  ['git checkout -b feature/x', 'approve'],
  ['git push -u origin feature/x', 'approve'],
  ['git restore --staged src/a.ts', 'approve'],
  ['git stash && git pull --rebase=false && git stash pop', 'approve'],
  ['git clean -n', 'approve'],
  ['git branch -d merged-feature', 'approve'],
  ['git rm -r --cached .', 'approve'],
  ['git config user.name "Dev"', 'approve'],
  ['docker build -t app .', 'approve'],
  ['kill 12345', 'approve'],
  ['FOO=1 npm test', 'approve'],
  ['NODE_ENV=test npm run build', 'approve'],
  ['timeout 60 npm test', 'approve'],
  ['env CI=true npm test', 'approve'],
  ["python3 -c 'import json,sys; print(json.load(sys.stdin)[\"version\"])' < package.json", 'approve'],
  ["node -e \"console.log(require('./package.json').version)\"", 'approve'],
  ["bash -c 'npm test && git status'", 'approve'],
  ['bash scripts/check.sh', 'approve'],
  ['chmod +x scripts/run.sh', 'approve'],
  ['cp src/a.ts src/b.ts', 'approve'],
  ['mv src/a.ts src/b.ts', 'approve'],
  ['npm test 2>&1 | tee test.log', 'approve'],
  ['mkdir -p src/new && cp src/a.ts src/new/', 'approve'],
  ['sed -i "s/foo/bar/g" src/a.ts', 'approve'],
  ["awk '{print $1}' data.txt", 'approve'],
  ['curl -s https://api.example.com/status', 'approve'],
  ['curl -o vendor/lib.js https://x/lib.js', 'approve'],
  ['tar czf dist.tgz dist', 'approve'],
  ['cat src/*.ts | grep -c export', 'approve'],
  ['ls ~/.ssh', 'approve'],
  ['echo done && npm test', 'approve'],
  ['if [ -f package.json ]; then npm test; fi', 'approve'],
  ['for f in src/*.ts; do cat "$f"; done', 'escalate'],
  ['echo hi', 'escalate'],
  ['cd src', 'escalate'],
  ['make build', 'escalate'],
  ['lsof -i :3000', 'escalate'],
  ['gitk', 'escalate'],
  ['npx prettier --write .', 'approve'],
];

describe('decide: bash command table', () => {
  const policy = typicalPolicy();
  beforeAll(() => initPolicy());

  it('has at least 100 commands', () => {
    expect(DANGEROUS.length + SAFE.length).toBeGreaterThanOrEqual(100);
  });

  it.each([...DANGEROUS, ...SAFE])('%j → %s %s', (command, outcome, rule) => {
    const d = decide(policy, { tool: 'bash', command }, CTX);
    expect({ outcome: d.outcome, rule: rule ? d.rule : undefined }, d.reason).toEqual({ outcome, rule });
  });
});

describe('the built-in list cannot be lifted', () => {
  beforeAll(() => initPolicy());
  const allowAll = [
    compilePolicy({ allow: ['Bash', 'Read', 'Edit', 'Write'], ask: [], deny: [] }),
    compilePolicy({ allow: ['Bash(*)'], ask: [], deny: [] }),
    compilePolicy({ allow: ['Bash(rm:*)', 'Bash(git:*)', 'Bash(* *)', 'Bash'], ask: [], deny: [] }),
  ];

  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const disguises: Array<(c: string) => string> = [
    (c) => `true && ${c}`,
    (c) => `${c}\ntrue`,
    (c) => `(${c})`,
    (c) => `{ ${c}\n}`,
    (c) => `if true; then\n${c}\nfi`,
    (c) => `bash -c ${quote(c)}`,
    (c) => `sh -c ${quote(`bash -c ${quote(c)}`)}`,
    (c) => `echo "$(${c}\n)"`,
    (c) => `timeout 5 bash -c ${quote(c)}`,
    (c) => `eval ${quote(c)}`,
    (c) => `echo ${quote(c)} | bash`,
    (c) => `bash <<'X'\n${c}\nX`,
    (c) => `cat <<'X' | sh\ntrue\n${c}\nX`,
    (c) => `f() {\n${c}\n}; f`,
    (c) => `nohup bash -c ${quote(c)} &`,
    (c) => `find . -maxdepth 0 -exec bash -c ${quote(c)} \\;`,
    (c) => `python3 -c ${quote(`import os; os.system(${JSON.stringify(c)})`)}`,
    (c) => `node -e ${quote(`require('child_process').execSync(${JSON.stringify(c)})`)}`,
  ];

  it.each(DANGEROUS)('%j stays unapproved in disguise', (command) => {
    for (const policy of allowAll) {
      for (const disguise of disguises) {
        const d = decide(policy, { tool: 'bash', command: disguise(command) }, CTX);
        expect(d.outcome, `${disguise(command)} → ${d.rule}`).not.toBe('approve');
      }
    }
  });

  it.each(DANGEROUS)('%j is never approved', (command, outcome, rule) => {
    for (const policy of allowAll) {
      const d = decide(policy, { tool: 'bash', command }, CTX);
      expect(d.outcome).not.toBe('approve');
      expect({ outcome: d.outcome, rule: d.rule }).toEqual({ outcome, rule });
    }
  });
});

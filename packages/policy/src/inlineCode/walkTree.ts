import type { Node } from 'web-tree-sitter';

/**
 * Depth-first over a syntax tree until something is not understood. `visit` returns a reason
 * (stop: the code is not understood), `null` (this node is settled: do not descend) or
 * `undefined` (look inside).
 */
export function firstReason(root: Node, visit: (n: Node) => string | null | undefined): string | null {
  const walk = (n: Node): string | null => {
    const v = visit(n);
    if (v !== undefined) return v;
    for (const c of n.children) {
      if (!c) continue;
      const why = walk(c);
      if (why) return why;
    }
    return null;
  };
  return walk(root);
}

/**
 * The catalog of user-facing warnings. Each is a function so tests can assert by name:
 * `expect(logger.warns).toContain(messages.fewRuns('B', 3))`.
 * Add new warnings here rather than inlining strings at the call site.
 */
export const messages = {
  fewRuns: (group: string, n: number) =>
    `only ${n} run${n === 1 ? '' : 's'} in group ${JSON.stringify(group)}: its tests have little power`,
  unreadableReport: (path: string, reason: string) =>
    `skipping archived report ${path} in the index: ${reason}`,
} as const;

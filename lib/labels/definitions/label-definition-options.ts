// The lexicon's choices for a label definition, without zod: client components import
// these, and zod 4 probes for eval() on load, which the pages' CSP refuses.
export const severities = ["inform", "alert", "none"] as const;
export const blurOptions = ["content", "media", "none"] as const;
export const defaultSettings = ["ignore", "warn", "hide"] as const;
export const subjectTypeOptions = ["account", "record", "chat"] as const;

// A person's e-mail level on one discussion (issue 12, Discourse's notification levels): watch, normal, mute.
export type ThreadLevel = "watch" | "normal" | "mute";
export const THREAD_LEVELS: ThreadLevel[] = ["watch", "normal", "mute"];

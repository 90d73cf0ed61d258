// The one helper image both platforms use to hand a fresh directory to a workload's unprivileged user.

/** Pinned helper image that fixes volume ownership for images that run unprivileged without creating their data dir. */
export const volumeInitImage = "busybox:1.37.0";

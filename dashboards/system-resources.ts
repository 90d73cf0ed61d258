// System Resources: CPU, memory, disk and network of the hosts, from node_exporter (the guide's dashboard 5).
import { realFilesystems as realFs } from "../alerts/promql";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { fiveMinuteChart, promTableQuery, recorded, runbooks, sel, shareChart, stat, table, thresholds } from "./common";

// The time series below read 5-minute recorded series (alerts/recording-rules-dashboards.ts), so a week stays fast.
const avg5m = (gauge: string) => recorded(`instance:${gauge}:avg5m`);
const rate5m = (counter: string) => recorded(`instance_device:${counter}:rate5m`);

export function systemResourcesDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-system-resources",
        title: "System Resources",
        description: "CPU, memory, disk and network of every host, as node_exporter reports them.",
        tags: ["node-exporter", "hosts"],
        variableMetric: "node_uname_info",
        alerts: [
            "HighMemoryUsage",
            "DiskSpaceLow",
            "NodeExporterDown",
            "NodeClockSkewDetected",
            "NodeFilesystemAlmostOutOfFiles",
            "NodeFilesystemAlmostOutOfSpace",
            "NodeFilesystemSpaceFillingUp",
            "NodeOOMKillDetected",
            "NodeFileDescriptorLimit",
        ],
        panels: [
            "Overview",
            stat("Uptime", "s", "Time since the host booted.", `min(${sel("node_time_seconds")} - ${sel("node_boot_time_seconds")})`).decimals(0),
            stat(
                "CPU utilisation",
                "percentunit",
                "Share of CPU time not idle (recording rule).",
                `max(instance:node_cpu_utilisation:rate5m{instance=~"$instance"})`,
            )
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9)),
            stat(
                "Memory utilisation",
                "percentunit",
                "Share of memory not available for new work (HighMemoryUsage fires above 90%).",
                `max(instance:node_memory_utilisation:ratio{instance=~"$instance"})`,
            )
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9))
                .links(runbooks("HighMemoryUsage")),
            stat(
                "Read-only filesystems",
                "short",
                "Filesystems mounted read-only (often a disk error).",
                `sum(${sel("node_filesystem_readonly", realFs)})`,
            ).thresholds(thresholds(1)),
            table("Hosts", "none", "Kernel and machine of each host.", sel("node_uname_info")).span(24).height(5),
            "CPU",
            fiveMinuteChart("CPU by mode", "percentunit", "Average share of each CPU spent per mode (idle left out; recorded every 5m over 5m).", [
                [`avg by (instance, mode) (${recorded("instance_mode:node_cpu_seconds:avg_rate5m")})`, "{{instance}} {{mode}}"],
            ]).min(0),
            fiveMinuteChart("Load average", "short", "Runnable and uninterruptible tasks, averaged over 1, 5 and 15 minutes (recorded as 5m means).", [
                [avg5m("node_load1"), "1m {{instance}}"],
                [avg5m("node_load5"), "5m {{instance}}"],
                [avg5m("node_load15"), "15m {{instance}}"],
            ]),
            "Memory",
            fiveMinuteChart("Memory", "bytes", "Total, available, free, cached and buffer memory (recorded as 5m means).", [
                [avg5m("node_memory_MemTotal_bytes"), "total {{instance}}"],
                [avg5m("node_memory_MemAvailable_bytes"), "available {{instance}}"],
                [avg5m("node_memory_MemFree_bytes"), "free {{instance}}"],
                [avg5m("node_memory_Cached_bytes"), "cached {{instance}}"],
                [avg5m("node_memory_Buffers_bytes"), "buffers {{instance}}"],
            ]),
            shareChart("Memory utilisation", "1 - available / total, of 5m means (HighMemoryUsage fires above 90% for 5m).", [
                [`1 - ${avg5m("node_memory_MemAvailable_bytes")} / ${avg5m("node_memory_MemTotal_bytes")}`, "{{instance}}"],
            ])
                .thresholds(thresholds(0.9))
                .links(runbooks("HighMemoryUsage")),
            "Disk",
            shareChart(
                "Filesystem usage",
                "Used share of each filesystem, as non-root users see it, every 5m (below 10% free DiskSpaceLow fires for the guide's mount, " +
                    "NodeFilesystemAlmostOutOfSpace for the others; NodeFilesystemSpaceFillingUp pages when one is full within 4 hours).",
                [[recorded("instance_mountpoint:node_filesystem_used:ratio"), "{{instance}} {{mountpoint}}"]],
            )
                .thresholds(thresholds(0.9))
                .links(runbooks("DiskSpaceLow", "NodeFilesystemAlmostOutOfSpace", "NodeFilesystemSpaceFillingUp")),
            // A table of the latest values: a week of three lines per filesystem (hundreds of lines) says less and cost a second.
            table(
                "Filesystem space",
                "bytes",
                "Size, free space and space available to non-root users of each filesystem, now.",
                sel("node_filesystem_size_bytes", realFs),
            )
                .withTarget(promTableQuery(sel("node_filesystem_free_bytes", realFs), "B"))
                .withTarget(promTableQuery(sel("node_filesystem_avail_bytes", realFs), "C"))
                .withTransformation({ id: "merge", options: {} })
                .withTransformation({
                    id: "organize",
                    options: {
                        excludeByName: { Time: true, __name__: true },
                        renameByName: { "Value #A": "size", "Value #B": "free", "Value #C": "available" },
                    },
                }),
            fiveMinuteChart("Disk throughput", "Bps", "Bytes read and written per second, per device (recorded every 5m over 5m).", [
                [rate5m("node_disk_read_bytes"), "read {{instance}} {{device}}"],
                [rate5m("node_disk_written_bytes"), "written {{instance}} {{device}}"],
            ]),
            shareChart("Disk busy", "Share of time each device was doing I/O (recorded every 5m over 5m).", [
                [rate5m("node_disk_io_time_seconds"), "{{instance}} {{device}}"],
            ]),
            shareChart("Inodes used", "Used share of each filesystem's inodes, every 5m (NodeFilesystemAlmostOutOfFiles fires above 95%).", [
                [recorded("instance_mountpoint:node_filesystem_files_used:ratio"), "{{instance}} {{mountpoint}}"],
            ])
                .thresholds(thresholds(0.95))
                .links(runbooks("NodeFilesystemAlmostOutOfFiles")),
            "Kernel",
            fiveMinuteChart("Clock offset", "s", "Offset of the host clock from its reference, as 5m means (NodeClockSkewDetected fires beyond 50ms).", [
                [avg5m("node_timex_offset_seconds"), "{{instance}}"],
            ]).links(runbooks("NodeClockSkewDetected")),
            shareChart("File descriptors", "Kernel file descriptors allocated, of the maximum, every 5m (NodeFileDescriptorLimit fires above 80%).", [
                [recorded("instance:node_filefd:ratio"), "{{instance}}"],
            ]).links(runbooks("NodeFileDescriptorLimit")),
            fiveMinuteChart("OOM kills", "short", "Processes the kernel killed for lack of memory, per 5 minutes.", [
                [recorded("instance:node_vmstat_oom_kill:increase5m"), "{{instance}}"],
            ])
                .span(24)
                .links(runbooks("NodeOOMKillDetected")),
            "Network",
            fiveMinuteChart("Network traffic", "Bps", "Bytes received and transmitted per second, per interface but loopback (recorded every 5m over 5m).", [
                [rate5m("node_network_receive_bytes"), "received {{instance}} {{device}}"],
                [rate5m("node_network_transmit_bytes"), "transmitted {{instance}} {{device}}"],
            ]).span(24),
        ],
    });
}

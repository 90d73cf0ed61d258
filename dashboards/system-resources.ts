// System Resources: CPU, memory, disk and network of the hosts, from node_exporter (the seed's dashboard 5).
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { promTimeseries, sel, stat, table, thresholds } from "./common";
import { recordedSeriesOf } from "./recorded";
import { finish, newDashboard, runbookLink } from "./skeleton";
import { DashboardDefinition, dashboardFolders } from "./types";

// Pseudo filesystems and the loopback interface say nothing about capacity or traffic.
const realFs = `fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"`;
const realNic = `device!="lo"`;
const rateOf = (metric: string, extra?: string) => `rate(${sel(metric, extra)}[$__rate_interval])`;

export function systemResourcesDashboard(): DashboardDefinition {
    const builder = newDashboard({
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
            "NodeOOMKillDetected",
            "NodeFileDescriptorLimit",
        ],
    })
        .withRow(new RowBuilder("Overview"))
        .withPanel(stat("Uptime", "s", "Time since the host booted.", `min(${sel("node_time_seconds")} - ${sel("node_boot_time_seconds")})`).decimals(0))
        .withPanel(
            stat(
                "CPU utilisation",
                "percentunit",
                "Share of CPU time not idle (recording rule).",
                `max(instance:node_cpu_utilisation:rate5m{instance=~"$instance"})`,
            )
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9)),
        )
        .withPanel(
            stat(
                "Memory utilisation",
                "percentunit",
                "Share of memory not available for new work (HighMemoryUsage fires above 90%).",
                `max(instance:node_memory_utilisation:ratio{instance=~"$instance"})`,
            )
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9))
                .links([runbookLink("HighMemoryUsage")]),
        )
        .withPanel(
            stat(
                "Read-only filesystems",
                "short",
                "Filesystems mounted read-only (often a disk error).",
                `sum(${sel("node_filesystem_readonly", realFs)})`,
            ).thresholds(thresholds(1)),
        )
        .withPanel(table("Hosts", "none", "Kernel and machine of each host.", sel("node_uname_info")).span(24).height(5))
        .withRow(new RowBuilder("CPU"))
        .withPanel(
            promTimeseries("CPU by mode", "percentunit", "Average share of each CPU spent per mode (idle left out; recorded, 5m window).", [
                [`avg by (instance, mode) (${sel(recordedSeriesOf("node_cpu_seconds_total"))})`, "{{instance}} {{mode}}"],
            ]).min(0),
        )
        .withPanel(
            promTimeseries("Load average", "short", "Runnable and uninterruptible tasks, averaged over 1, 5 and 15 minutes.", [
                [sel("node_load1"), "1m {{instance}}"],
                [sel("node_load5"), "5m {{instance}}"],
                [sel("node_load15"), "15m {{instance}}"],
            ]),
        )
        .withRow(new RowBuilder("Memory"))
        .withPanel(
            promTimeseries("Memory", "bytes", "Total, available, free, cached and buffer memory.", [
                [sel("node_memory_MemTotal_bytes"), "total {{instance}}"],
                [sel("node_memory_MemAvailable_bytes"), "available {{instance}}"],
                [sel("node_memory_MemFree_bytes"), "free {{instance}}"],
                [sel("node_memory_Cached_bytes"), "cached {{instance}}"],
                [sel("node_memory_Buffers_bytes"), "buffers {{instance}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Memory utilisation", "percentunit", "1 - available / total (HighMemoryUsage fires above 90% for 5m).", [
                [`1 - ${sel("node_memory_MemAvailable_bytes")} / ${sel("node_memory_MemTotal_bytes")}`, "{{instance}}"],
            ])
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9))
                .links([runbookLink("HighMemoryUsage")]),
        )
        .withRow(new RowBuilder("Disk"))
        .withPanel(
            promTimeseries("Filesystem usage", "percentunit", "Used share of each filesystem, as non-root users see it (DiskSpaceLow fires below 10% free).", [
                [sel(recordedSeriesOf("node_filesystem_avail_bytes")), "{{instance}} {{mountpoint}}"],
            ])
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9))
                .links([runbookLink("DiskSpaceLow")]),
        )
        .withPanel(
            promTimeseries("Filesystem space", "bytes", "Size, free space and space available to non-root users.", [
                [sel("node_filesystem_size_bytes", realFs), "size {{instance}} {{mountpoint}}"],
                [sel("node_filesystem_free_bytes", realFs), "free {{instance}} {{mountpoint}}"],
                [sel("node_filesystem_avail_bytes", realFs), "available {{instance}} {{mountpoint}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Disk throughput", "Bps", "Bytes read and written per second, per device.", [
                [rateOf("node_disk_read_bytes_total"), "read {{instance}} {{device}}"],
                [rateOf("node_disk_written_bytes_total"), "written {{instance}} {{device}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Disk busy", "percentunit", "Share of time each device was doing I/O.", [
                [rateOf("node_disk_io_time_seconds_total"), "{{instance}} {{device}}"],
            ])
                .min(0)
                .max(1),
        )
        .withPanel(
            promTimeseries("Inodes used", "percentunit", "Used share of each filesystem's inodes (NodeFilesystemAlmostOutOfFiles fires above 95%).", [
                [`1 - ${sel("node_filesystem_files_free", realFs)} / (${sel("node_filesystem_files", realFs)} > 0)`, "{{instance}} {{mountpoint}}"],
            ])
                .min(0)
                .max(1)
                .thresholds(thresholds(0.95))
                .links([runbookLink("NodeFilesystemAlmostOutOfFiles")]),
        )
        .withRow(new RowBuilder("Kernel"))
        .withPanel(
            promTimeseries("Clock offset", "s", "Offset of the host clock from its reference (NodeClockSkewDetected fires beyond 50ms).", [
                [sel("node_timex_offset_seconds"), "{{instance}}"],
            ]).links([runbookLink("NodeClockSkewDetected")]),
        )
        .withPanel(
            promTimeseries("File descriptors", "percentunit", "Kernel file descriptors allocated, of the maximum (NodeFileDescriptorLimit fires above 80%).", [
                [`${sel("node_filefd_allocated")} / ${sel("node_filefd_maximum")}`, "{{instance}}"],
            ])
                .min(0)
                .max(1)
                .links([runbookLink("NodeFileDescriptorLimit")]),
        )
        .withPanel(
            promTimeseries("OOM kills", "short", "Processes the kernel killed for lack of memory, per interval.", [
                [`increase(${sel("node_vmstat_oom_kill")}[$__rate_interval])`, "{{instance}}"],
            ])
                .span(24)
                .links([runbookLink("NodeOOMKillDetected")]),
        )
        .withRow(new RowBuilder("Network"))
        .withPanel(
            promTimeseries("Network traffic", "Bps", "Bytes received and transmitted per second, per interface.", [
                [rateOf("node_network_receive_bytes_total", realNic), "received {{instance}} {{device}}"],
                [rateOf("node_network_transmit_bytes_total", realNic), "transmitted {{instance}} {{device}}"],
            ]).span(24),
        );
    return finish(builder, dashboardFolders.platform);
}

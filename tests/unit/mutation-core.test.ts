// Literal cases for the pure core's helpers, written for the mutants `npm run mutate` found alive (docs/mutation-testing.md).
import { strict as assert } from "assert";
import { canonicalDuration, durationInHours, durationSeconds } from "../../model/config/durations";
import { imageReferencePattern, isHostName, isHostPort, isIpv6, isPinnedImageReference } from "../../model/config/hosts";
import { closest, editDistance, nonAsciiNote, show, stringsIn } from "../../model/config/messages";
import { cpuMillis, prometheusSizeBytes, quantityBytes } from "../../model/config/quantities";
import { sortedRecord, sortKeysDeep } from "../../model/common/sorted-keys";
import { normalizeDashboardJson } from "../../dashboards/normalize";

describe("config message helpers", () => {
    it("measures edit distance case-insensitively", () => {
        assert.equal(editDistance("kitten", "sitting"), 3);
        assert.equal(editDistance("Platform", "platform"), 0);
        assert.equal(editDistance("", "abc"), 3);
        assert.equal(editDistance("abc", ""), 3);
    });

    it("suggests only a close name, the closest first, ties in alphabetical order", () => {
        assert.equal(closest("lokiRetenton", ["lokiRetention", "tempoRetention"]), "lokiRetention");
        assert.equal(closest("cluster", ["platform"]), undefined);
        assert.equal(closest("abc", ["abd", "abe"]), "abd");
        assert.equal(closest("ab", ["ac"]), "ac");
        assert.equal(closest("abcdefghijklmnop", ["abcdefghijklmxyz"]), "abcdefghijklmxyz");
        assert.equal(closest("abcdefghijklmnop", ["abcdefghijklwxyz"]), undefined);
    });

    it("shows values as JSON, cut at 60 characters with their length", () => {
        assert.equal(show("x"), '"x"');
        assert.equal(show(12), "12");
        assert.equal(show(undefined), "undefined");
        assert.equal(show("a".repeat(58)), `"${"a".repeat(58)}"`);
        assert.equal(show("a".repeat(59)), `"${"a".repeat(58)}… (61 characters)`);
    });

    it("names the first non-ASCII character with its code point and position", () => {
        assert.equal(nonAsciiNote("plain~"), "");
        assert.equal(nonAsciiNote("a\u00e9"), "; it contains U+00E9 (not ASCII) at character 2");
        assert.equal(nonAsciiNote("\u2013x"), "; it contains U+2013 (en dash, looks like '-') at character 1");
        assert.equal(nonAsciiNote("\u007f"), "");
        assert.equal(nonAsciiNote("\u0080"), "; it contains U+0080 (not ASCII) at character 1");
    });

    it("finds every string in a value, object keys included", () => {
        assert.deepEqual(stringsIn({ a: ["b", 1, { c: "d" }], e: null }), ["a", "b", "c", "d", "e"]);
        assert.deepEqual(stringsIn(true), []);
    });
});

describe("durations", () => {
    it("counts the seconds of every unit", () => {
        assert.equal(durationSeconds("1y"), 31_536_000);
        assert.equal(durationSeconds("1w"), 604_800);
        assert.equal(durationSeconds("2d"), 172_800);
        assert.equal(durationSeconds("1h30m"), 5400);
        assert.equal(durationSeconds("15s"), 15);
        assert.equal(durationSeconds("1m500ms"), 60.5);
        assert.throws(() => durationSeconds("15"), /^Error: not a duration: "15"$/);
        assert.throws(() => durationSeconds(""), /not a duration/);
    });

    it("writes a span in hours, minutes or seconds", () => {
        assert.equal(durationInHours("7d"), "168h");
        assert.equal(durationInHours("90m"), "90m");
        assert.equal(durationInHours("90s"), "90s");
        assert.equal(durationInHours("3600s"), "1h");
    });

    it("spells a duration canonically: largest units first, years and weeks only when exact", () => {
        assert.equal(canonicalDuration("60m"), "1h");
        assert.equal(canonicalDuration("90m"), "1h30m");
        assert.equal(canonicalDuration("720h"), "30d");
        assert.equal(canonicalDuration("14d"), "2w");
        assert.equal(canonicalDuration("8d"), "8d");
        assert.equal(canonicalDuration("365d"), "1y");
        assert.equal(canonicalDuration("366d"), "366d");
        assert.equal(canonicalDuration("1500ms"), "1s500ms");
        assert.equal(canonicalDuration("0s"), "0s");
        assert.equal(canonicalDuration("61s"), "1m1s");
        assert.equal(canonicalDuration("25h"), "1d1h");
    });
});

describe("quantities", () => {
    it("reads CPU, memory, storage and Prometheus sizes", () => {
        assert.equal(cpuMillis("250m"), 250);
        assert.equal(cpuMillis("1.5"), 1500);
        assert.equal(cpuMillis("2"), 2000);
        assert.throws(() => cpuMillis("1.5m"), /^Error: not a CPU quantity: "1.5m"$/);
        assert.equal(quantityBytes("256Mi"), 268_435_456);
        assert.equal(quantityBytes("1Ki"), 1024);
        assert.equal(quantityBytes("2Gi"), 2_147_483_648);
        assert.equal(quantityBytes("1Ti"), 1_099_511_627_776);
        assert.throws(() => quantityBytes("1G"), /^Error: not a memory or storage quantity: "1G"$/);
        assert.equal(prometheusSizeBytes("50GB"), 53_687_091_200);
        assert.equal(prometheusSizeBytes("1KB"), 1024);
        assert.equal(prometheusSizeBytes("3B"), 3);
        assert.equal(prometheusSizeBytes("1MB"), 1_048_576);
        assert.equal(prometheusSizeBytes("1TB"), 1_099_511_627_776);
        assert.throws(() => prometheusSizeBytes("50Gi"), /^Error: not a Prometheus size: "50Gi"$/);
    });
});

describe("sorted keys and canonical JSON", () => {
    it("sorts keys at every level, drops undefined fields, keeps arrays in order", () => {
        assert.equal(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })), '{"a":{"d":[{"y":2,"z":1}]},"b":1}');
        assert.deepEqual(Object.keys(sortKeysDeep({ b: 1, B: 2, a: 3 }) as object), ["B", "a", "b"]);
        assert.equal(sortKeysDeep(null), null);
        assert.equal(sortKeysDeep("x"), "x");
        assert.deepEqual(Object.entries(sortedRecord({ b: 1, a: 2, B: 3 })), [
            ["B", 3],
            ["a", 2],
            ["b", 1],
        ]);
    });

    it("normalises a dashboard as Grafana's provider stores it", () => {
        assert.equal(
            normalizeDashboardJson({ version: 3, id: 7, uid: "u", title: "<a&b>", panels: [{ id: 1, type: "row", b: { y: 1, x: 2 } }, null, [1]] }),
            '{"panels":[{"b":{"x":2,"y":1},"type":"row"},null,[1]],"title":"\\u003ca\\u0026b\\u003e","uid":"u"}',
        );
        assert.equal(normalizeDashboardJson({ uid: "u", panels: "none", t: "\u2028\u2029" }), '{"panels":"none","t":"\\u2028\\u2029","uid":"u"}');
    });
});

describe("hosts, targets and image references", () => {
    it("accepts host names, IPv4 and bracketed IPv6 targets with a port from 1 to 65535", () => {
        assert.equal(isHostName("a.example."), true);
        assert.equal(isHostName("-a.example"), false);
        assert.equal(isHostName("a-.example"), false);
        assert.equal(isHostName(""), false);
        assert.equal(isHostName("10.0.0.256"), true); // a valid host name, if not an address
        assert.equal(isHostName("a_b"), false);
        assert.equal(isIpv6("fd00::10"), true);
        assert.equal(isIpv6("::1"), true);
        assert.equal(isIpv6("fd00"), false);
        assert.equal(isIpv6("fd00:::1"), false);
        assert.equal(isIpv6("g::1"), false);
        assert.equal(isHostPort("[::1]:1"), true);
        assert.equal(isHostPort("a:65535"), true);
        assert.equal(isHostPort("a:0"), false);
        assert.equal(isHostPort("a:123456"), false);
        assert.equal(isHostPort("a"), false);
        assert.equal(isHostPort("[a]:80"), false);
        assert.equal(isHostPort("a:b:80"), false);
    });

    it("reads image references as the registry grammar writes them", () => {
        for (const ok of [
            "prometheus:v3",
            "prom/prometheus:v3.13.2",
            "registry.example.com:5000/prom/prometheus:v3.13.2",
            "localhost:5000/a/b__c:1",
            "registry:5000/a:1",
            "[fd00::1]:5000/a:1",
            "a@sha256:" + "0".repeat(64),
        ]) {
            assert.match(ok, imageReferencePattern, ok);
        }
        for (const bad of [
            "Prom/prometheus:v3",
            "prom//prometheus:v3",
            "prom/prometheus:",
            "prom/prometheus:-x",
            "a@sha256:abc",
            ":v3",
            "a_/b",
            "Registry/a:1",
        ]) {
            assert.doesNotMatch(bad, imageReferencePattern, bad);
        }
        assert.equal(isPinnedImageReference("registry.example.com:5000/prom/prometheus"), false);
        assert.equal(isPinnedImageReference("prom/prometheus:latest"), false);
        assert.equal(isPinnedImageReference("prom/prometheus:v1"), true);
        assert.equal(isPinnedImageReference("prom/prometheus@sha256:" + "a".repeat(64)), true);
        assert.doesNotMatch("prom/prometheus@sha256:" + "a".repeat(63), imageReferencePattern);
    });
});

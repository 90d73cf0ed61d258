// Literal cases for the pure core's helpers, written for the mutants `npm run mutate` found alive (docs/mutation-testing.md).
import { strict as assert } from "assert";
import { closest, editDistance, nonAsciiNote, show, stringsIn } from "../../model/config/messages";

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

// JSON text read where a malformed text is an answer, not an error (config values, tool output, preview documents).

/** The value of JSON text; undefined when it is no JSON. */
export const parsedJson = (text: string): unknown => {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
};

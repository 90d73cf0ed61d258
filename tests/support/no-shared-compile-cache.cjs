// ts-node's v8-compile-cache-lib shares one cache per user in the temp folder; parallel mocha workers (or two test
// runs) read a blob while another writes it, and V8 crashed deserializing the torn pair ("Check failed:
// current == end_slot_index", a worker killed by SIGTRAP in CI). Compiling TypeScript's own code costs ~0.2 s a process.
process.env.DISABLE_V8_COMPILE_CACHE = "1";

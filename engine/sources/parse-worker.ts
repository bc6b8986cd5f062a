// A YAML parsing worker of ./parse-threads.ts: parses each slice it is sent, replies on its port,
// then counts the reply in the shared signal so that the waiting main thread wakes up.
import { MessagePort, workerData } from "worker_threads";
import { parseHere, ParseTask } from "./parse-threads";

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const replies = new Int32Array(signal);
port.on("message", (task: ParseTask) => {
    try {
        port.postMessage(parseHere(task));
    } catch (e) {
        // A reply that cannot be sent: the main thread parses this slice itself.
        port.postMessage({ id: task.id, error: String((e as Error)?.message ?? e), user: false });
    }
    Atomics.add(replies, 0, 1);
    Atomics.notify(replies, 0);
});

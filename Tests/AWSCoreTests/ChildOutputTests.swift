import AWSTestSupport
import Foundation
import Testing

/// `ChildOutput` reads a child's pipe to the end even when signals interrupt the reads (as SIGCHLDs from other tests'
/// children do in the test runner), where Foundation's `FileHandle` reads trap.
@Suite("Reading a child's output")
struct ChildOutputTests {
    /// A reader thread whose reads are interrupted by SIGUSR2, delivered to it while the child is still writing.
    @Test("interrupted reads are retried, and the output arrives whole")
    func interruptedReadsAreRetried() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in usr2Deliveries += 1 }
        action.sa_flags = 0  // no SA_RESTART: a read the signal interrupts fails with EINTR
        var previous = sigaction()
        #expect(sigaction(SIGUSR2, &action, &previous) == 0)
        defer { sigaction(SIGUSR2, &previous, nil) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf 'port\\n'; sleep 0.4; printf 'rest'"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        let reader = ReaderThread(output.fileHandleForReading)
        reader.start()
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .milliseconds(300) {
            reader.interrupt()
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        #expect(reader.wait() == Array("port\nrest".utf8))
        #expect(usr2Deliveries > 0)
    }

    @Test("readLine stops at the first newline")
    func readLineStopsAtTheNewline() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("41235\n".utf8))
        #expect(ChildOutput.readLine(pipe.fileHandleForReading) == Array("41235\n".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(ChildOutput.readToEnd(pipe.fileHandleForReading).isEmpty)
    }
}

/// SIGUSR2s handled, counted by the handler (a test-only counter; increments race with nothing that reads it early).
nonisolated(unsafe) private var usr2Deliveries = 0

/// Reads a pipe to the end on a thread of its own that accepts SIGUSR2 (threads of the test runner block most
/// signals, and a new thread inherits that), so signals can be aimed at its reads.
private final class ReaderThread: @unchecked Sendable {
    // @unchecked: every field is only touched while `condition` is locked.
    private let handle: FileHandle
    private let condition = NSCondition()
    private var thread: pthread_t?
    private var result: [UInt8]?

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    func start() {
        Thread.detachNewThread { [self] in
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            condition.withLock { thread = pthread_self() }
            let bytes = ChildOutput.readToEnd(handle)
            condition.withLock {
                result = bytes
                condition.broadcast()
            }
        }
    }

    /// Sends SIGUSR2 to the reader while it is still reading.
    func interrupt() {
        condition.withLock {
            guard let thread, result == nil else { return }
            pthread_kill(thread, SIGUSR2)
        }
    }

    func wait() -> [UInt8] {
        condition.withLock {
            while result == nil { condition.wait() }
            return result ?? []
        }
    }
}

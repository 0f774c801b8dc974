import Foundation

/// Reads what a child process writes to a pipe with `read(2)`, retrying when a signal interrupts the read.
///
/// Foundation's `FileHandle.readDataToEndOfFile()` and `availableData` trap on `EINTR`, and in the test runner every
/// child that exits (another test's server or CLI run) sends a SIGCHLD that can interrupt a read in progress; reading
/// through this type instead keeps one test's child from crashing the whole run.
public enum ChildOutput {
    /// Everything until end of file.
    public static func readToEnd(_ handle: FileHandle) -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = read(handle), !chunk.isEmpty {
            bytes += chunk
        }
        return bytes
    }

    /// Bytes up to and including the first newline (possibly a little more), or everything until end of file.
    public static func readLine(_ handle: FileHandle) -> [UInt8] {
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")), let chunk = read(handle), !chunk.isEmpty {
            bytes += chunk
        }
        return bytes
    }

    /// One `read(2)` of up to 64 KiB, repeated while it is interrupted; empty at end of file, `nil` on an error.
    private static func read(_ handle: FileHandle) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR { return nil }
        }
    }
}

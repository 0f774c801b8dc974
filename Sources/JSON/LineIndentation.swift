#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The spaces and tabs taken from the start of each line of a document, so that a document held without them still
/// gives every location as in the file. Pretty-printed JSON is mostly indentation (the AWS CLI's authorization
/// details of a large account: 23 of 40 MB), and a reader that keeps a document in memory while it works — an audit
/// keeps the whole file — holds less than half as much without it.
///
/// Taking it out changes neither what a document means nor where its first error is. Outside a string white space is
/// insignificant, and the start of a line is never inside a valid string: a JSON string cannot hold a raw line break.
/// In an invalid document whose string holds one, that line break is itself the first error, before anything taken
/// out after it. Line breaks stay, so lines keep their numbers; columns move by what their line lost, which
/// `original(_:)` adds back.
public struct LineIndentation: Sendable, Hashable {
    /// For each line from the second, the bytes taken from its start. At most 255: the rest of a deeper indentation
    /// stays in the text.
    private let removed: [UInt8]

    /// `bytes` without the spaces and tabs that start each line after the first, with what each line lost; `nil`
    /// when no line starts with one (nothing to take out, the caller keeps its bytes).
    public static func strip(_ bytes: [UInt8]) -> (bytes: [UInt8], indentation: LineIndentation)? {
        bytes.withUnsafeBufferPointer { input -> (bytes: [UInt8], indentation: LineIndentation)? in
            guard let base = input.baseAddress else { return nil }
            let count = input.count
            // First pass: what each line loses, and so the size of the result. `memchr` finds the line breaks.
            var removed: [UInt8] = []
            var total = 0
            var index = 0
            while index < count, let found = memchr(base + index, 0x0A, count - index) {
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                var run = 0
                while index < count, run < 255, base[index] == 0x20 || base[index] == 0x09 {
                    run += 1
                    index += 1
                }
                removed.append(UInt8(run))
                total += run
            }
            guard total > 0 else { return nil }
            // Second pass: the text without those bytes, line by line, in a buffer of its exact size.
            let stripped = [UInt8](unsafeUninitializedCapacity: count - total) { output, written in
                guard let target = output.baseAddress else { return }
                var from = 0
                var to = 0
                for run in removed {
                    // The line up to and with its line break (the first pass found it), then skip what the next line
                    // lost.
                    guard let found = memchr(base + from, 0x0A, count - from) else { break }
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    (target + to).initialize(from: base + from, count: end - from)
                    to += end - from
                    from = end + Int(run)
                }
                (target + to).initialize(from: base + from, count: count - from)
                written = to + count - from
            }
            return (stripped, LineIndentation(removed: removed))
        }
    }

    /// Where `location`, a place in the stripped text, is in the original document.
    public func original(_ location: SourceLocation) -> SourceLocation {
        let index = location.line - 2
        guard index >= 0, index < removed.count, removed[index] > 0 else { return location }
        return SourceLocation(line: location.line, column: location.column + Int(removed[index]))
    }
}

/// How targets that need several texts take them from one input.
enum FuzzInput {
    /// `bytes` split at each NUL byte (0x00), keeping empty parts; always at least one part.
    static func sections(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0, omittingEmptySubsequences: false)
    }

    /// The HTTP statuses an answer is sent with: 200 and 400 always, and 503 (retried, so three times as costly)
    /// for one input length in four.
    static func statuses(_ bytes: [UInt8]) -> [Int] {
        bytes.count % 4 == 3 ? [200, 400, 503] : [200, 400]
    }
}

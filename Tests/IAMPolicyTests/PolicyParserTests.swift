import Testing

@testable import IAMPolicy

/// The size limits count characters as IAM does: Unicode scalars, white space not counted. The count runs eight
/// bytes at a time; it must be the byte-by-byte count.
@Suite("Policy size")
struct PolicySizeTests {
    static func naiveCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(into: 0) { count, byte in
            if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte & 0xC0 != 0x80 { count += 1 }
        }
    }

    @Test("characters are counted as byte by byte")
    func counting() {
        var random = SplitMix64(seed: 3)
        let pieces: [[UInt8]] = [
            Array(" ".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\t".utf8), Array("a".utf8), Array("é".utf8),
            Array("€".utf8), Array("𝄞".utf8), Array("{\"k\": \"v\"}".utf8), [0x00], [0xFF], [0x80], [0xC0], [0x7F],
            [0x21], [0x1F], [0x8A], [0x89], [0xA0],
        ]
        for length in 0..<300 {
            let bytes = (0..<(length % 40)).flatMap { _ in Corpus.pick(pieces, &random) }
            #expect(bytes.withUnsafeBufferPointer(countedCharacters) == Self.naiveCount(bytes), "\(bytes)")
        }
    }
}

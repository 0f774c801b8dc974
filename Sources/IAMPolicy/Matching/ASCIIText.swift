/// Fast paths for ASCII text. Policy text is almost always ASCII, and there every `Character` is one UTF-8 byte —
/// except `"\r\n"`, which is one `Character` of two bytes — so byte loops give exactly the results of the
/// `Character`-based code, which stays in place for everything else.
extension String {
    /// Whether every UTF-8 byte is ASCII.
    @inline(__always)
    var isASCIIText: Bool {
        var copy = self
        return copy.withUTF8 { isASCIIBytes($0) }
    }
}

extension Substring {
    /// Whether every UTF-8 byte is ASCII.
    @inline(__always)
    var isASCIIText: Bool {
        var copy = self
        return copy.withUTF8 { isASCIIBytes($0) }
    }
}

/// Whether every byte is below 0x80, eight bytes at a time.
func isASCIIBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var index = 0
    var seen: UInt64 = 0
    while index + 8 <= bytes.count {
        seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index += 8
    }
    while index < bytes.count {
        seen |= UInt64(bytes[index])
        index += 1
    }
    return seen & 0x8080_8080_8080_8080 == 0
}

/// Whether `bytes` contains `byte`.
@inline(__always)
func containsByte(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Bool {
    for candidate in bytes where candidate == byte {
        return true
    }
    return false
}

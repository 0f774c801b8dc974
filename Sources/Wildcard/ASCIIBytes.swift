// The byte-level ASCII tests the matcher's fast paths need; IAMPolicy's parser and engine use the same ones.

/// Whether every byte is below 0x80, eight bytes at a time.
@inlinable
public func isASCIIBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
@inlinable @inline(__always)
public func containsByte(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Bool {
    for candidate in bytes where candidate == byte {
        return true
    }
    return false
}

/// ASCII lowercasing of one byte.
@inlinable @inline(__always)
public func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
}

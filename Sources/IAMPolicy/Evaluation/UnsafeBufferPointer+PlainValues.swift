extension UnsafeMutableBufferPointer {
    /// A buffer of its own holding a copy of `elements`, which must be plain values (nothing to retain, nothing to
    /// destroy), so that it can be read without reference counting and freed with `deallocate()` alone.
    static func plainCopy(of elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        precondition(_isPOD(Element.self), "only plain values are copied into unmanaged buffers")
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<elements.count])
    }
}

extension UnsafeBufferPointer {
    /// The `count` elements from `start`. The engine's records say where their parts are, so the range is checked
    /// in debug builds only, like the buffer's own subscript.
    @inline(__always)
    func piece(_ start: Int, _ count: Int) -> UnsafeBufferPointer<Element> {
        assert(start >= 0 && count >= 0 && start + count <= self.count, "a record points outside its buffer")
        return UnsafeBufferPointer(start: baseAddress.map { $0 + start }, count: count)
    }

    /// The element at `index`, in place (reading a field through it copies nothing else).
    @inline(__always)
    func element(_ index: Int) -> UnsafePointer<Element> {
        assert(index >= 0 && index < count, "a record points outside its buffer")
        return baseAddress.unsafelyUnwrapped + index
    }
}

/// Bytes in memory of their own, never written after they are copied in and freed with the object: whoever holds
/// the object may read `bytes` in place, retaining nothing, which is why it can be shared between threads.
final class OwnedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ source: some Collection<UInt8>) {
        bytes = UnsafeBufferPointer(UnsafeMutableBufferPointer.plainCopy(of: Array(source)))
    }

    deinit {
        bytes.deallocate()
    }
}

import Wildcard

/// The keys and values of a filled request context (`RequestContext.fill`) as plain records beside one byte buffer,
/// so that the engine finds a key by its `contextKeyHash` and reads a value's first element as bytes without
/// retaining anything. Built once per filled context; its buffers are never written afterwards and are freed with
/// it, which is why it can be shared between threads.
final class ContextIndex: @unchecked Sendable {
    /// The records, read in place by the engine while it holds the index (one pointer, so that passing them
    /// around copies nothing).
    let buffers: UnsafePointer<ContextBuffers>
    /// The values, by slot.
    let values: [ContextValue]

    /// Indexes the given keys and the filled ones they do not override; `nil` when a key is not ASCII (then only
    /// the dictionary finds the canonically equivalent spellings of a key).
    init?(entries: [String: (name: String, value: ContextValue)], filled: FilledContextKeys?) {
        var slots: [ContextSlot] = []
        var bytes: [UInt8] = []
        var values: [ContextValue] = []
        func add(_ lowercasedKey: String, _ value: ContextValue) -> Bool {
            guard let hash = contextKeyHash(lowercasedKey) else { return false }
            let keyStart = bytes.count
            bytes += lowercasedKey.utf8
            let textStart = bytes.count
            if let first = value.values.first { bytes += first.utf8 }
            let slot = bytes.withUnsafeBufferPointer { buffer in
                let text = UnsafeBufferPointer(rebasing: buffer[textStart...])
                let isASCII = isASCIIBytes(text)
                return ContextSlot(
                    hash: hash, keyStart: keyStart, keyCount: textStart - keyStart, elementCount: value.values.count,
                    isSet: value.isSet, textStart: textStart, textCount: buffer.count - textStart,
                    textIsASCII: isASCII, number: isASCII ? parseNumber(asciiBytes: text) : nil,
                    date: isASCII ? parseDate(asciiBytes: text) : nil, ipv4: isASCII ? parseIPv4(asciiBytes: text) : nil
                )
            }
            slots.append(slot)
            values.append(value)
            return true
        }
        for (key, entry) in entries {
            guard add(key, entry.value) else { return nil }
        }
        // As in `RequestContext.allEntries`: a filled key is added unless a key before it has its name.
        func isIndexed(_ key: String) -> Bool {
            slots.contains { bytes[$0.keyStart..<$0.keyStart + $0.keyCount].elementsEqual(key.utf8) }
        }
        if let filled {
            for key in filled.principalKeys where !isIndexed(key.lowercasedName) {
                guard add(key.lowercasedName, key.value) else { return nil }
            }
            if let account = filled.resourceAccount, !isIndexed(FilledContextKeys.resourceAccountKey) {
                guard add(FilledContextKeys.resourceAccountKey, ContextValue(account)) else { return nil }
            }
        }
        // An open-addressing table of the slots by hash, at most half full, so that a lookup probes about once.
        var tableCount = 4
        while tableCount < 2 * slots.count { tableCount *= 2 }
        var table = [Int32](repeating: -1, count: tableCount)
        for index in slots.indices {
            var position = ContextBuffers.position(of: slots[index].hash, in: tableCount)
            while table[position] >= 0 { position = (position + 1) & (tableCount - 1) }
            table[position] = Int32(index)
        }
        let buffers = UnsafeMutablePointer<ContextBuffers>.allocate(capacity: 1)
        buffers.initialize(
            to: ContextBuffers(
                slots: UnsafeBufferPointer(UnsafeMutableBufferPointer.plainCopy(of: slots)),
                bytes: UnsafeBufferPointer(UnsafeMutableBufferPointer.plainCopy(of: bytes)),
                table: UnsafeBufferPointer(UnsafeMutableBufferPointer.plainCopy(of: table))))
        self.buffers = UnsafePointer(buffers)
        self.values = values
    }

    deinit {
        buffers.pointee.slots.deallocate()
        buffers.pointee.bytes.deallocate()
        buffers.pointee.table.deallocate()
        buffers.deallocate()
    }

    /// The slot of a lowercased key given with its `contextKeyHash`.
    @inline(__always)
    func slot(lowercasedKey key: String, hash: UInt64) -> Int? {
        var key = key
        return key.withUTF8 { buffers.pointee.slot(lowercasedKey: $0, hash: hash) }
    }
}

/// The buffers of a `ContextIndex`: plain values that point into memory the index owns, so they are valid while
/// the index is alive and reading them retains nothing.
struct ContextBuffers {
    /// One per key, in the order lookups see them: the request's keys, then the filled keys it does not give.
    let slots: UnsafeBufferPointer<ContextSlot>
    /// The lowercased keys and the values' first elements.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The slots by hash: from `position(of:in:)`, the first entry that is the key's slot, or -1 where it would be;
    /// its size is a power of two.
    let table: UnsafeBufferPointer<Int32>

    /// Where a key with `hash` is looked for first in a table of `count` entries.
    @inline(__always)
    static func position(of hash: UInt64, in count: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (count - 1)
    }

    /// The slot of an ASCII key given as lowercased bytes with its `contextKeyHash`.
    @inline(__always)
    func slot(lowercasedKey key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var position = Self.position(of: hash, in: table.count)
        while true {
            let index = Int(table[position])
            if index < 0 { return nil }
            if slots[index].hash == hash && slots[index].keyCount == key.count
                && Glob.equal(bytes, slots[index].keyStart, key, count: key.count)
            {
                return index
            }
            position = (position + 1) & (table.count - 1)
        }
    }

    /// The first element of the value in `slot`, as bytes (empty when the value has none).
    @inline(__always)
    func text(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        bytes.piece(slots[slot].textStart, slots[slot].textCount)
    }
}

/// One key of a `ContextIndex`.
struct ContextSlot: Sendable {
    /// `contextKeyHash` of the lowercased key, and where the key is in the index's bytes.
    let hash: UInt64
    let keyStart: Int
    let keyCount: Int
    /// How many elements the value has, and whether it was given as a set.
    let elementCount: Int
    let isSet: Bool
    /// Where the value's first element is in the index's bytes, and whether it is ASCII.
    let textStart: Int
    let textCount: Int
    let textIsASCII: Bool
    /// The first element read as a number (`parseNumber`), a date in seconds (`parseDate`) and an IPv4 address
    /// (`parseIPv4`), when it is ASCII text of that form: parsed once per context, not once per condition.
    let number: Double?
    let date: Double?
    let ipv4: UInt32?
}

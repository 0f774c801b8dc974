import Wildcard

/// A condition clause as the evaluation plan keeps it: plain values that say where its key and values are in the
/// plan's buffers. It decides the clause's most common shape — no set qualifier, not `Null`, a request value with
/// exactly one element, variables (if any) that the request resolves — without touching anything reference-counted.
/// For that shape `ConditionClause.evaluate` records nothing besides the truth (no missing key, no missing
/// variable, no multivalued note), and the truth depends neither on the mode nor on the effect, so the engine may
/// use this one instead. Every other shape, and every value this cannot compare on its bytes, is left to
/// `ConditionClause`.
struct PlannedCondition: Sendable {
    /// The clause's lowercased key in the plan's bytes, and its `contextKeyHash`; `nil` when the key is not ASCII.
    let keyStart: Int
    let keyCount: Int
    let keyHash: UInt64?
    /// The positive operator, and whether the written one negates it.
    let kind: ConditionOperatorKind
    let isNegated: Bool
    /// No set qualifier, not `Null`, and every value planned: the shape this record decides.
    let isPlanned: Bool
    /// Where the clause's values are among the plan's values.
    let valueStart: Int
    let valueCount: Int
}

/// One condition value prepared for comparison on bytes.
struct PlannedValue: Sendable {
    enum Kind: UInt8, Sendable {
        /// A value without a prepared form (it holds variables): it matches nothing, as in `ConditionClause`.
        case never
        /// ASCII text compared byte for byte (`StringEquals`).
        case string
        /// Lowercased ASCII text compared with the request value lowercased (`StringEqualsIgnoreCase`).
        case lowercased
        /// A glob without escaped wildcards (`StringLike`).
        case glob
        case number
        case date
        case bool
        case ipv4
        /// An IPv6 network: decided here only for request values that are ASCII without a colon (no match).
        case ipv6
        /// An ASCII ARN pattern (`ArnEquals`, `ArnLike`).
        case arn
        /// A `StringEquals` value that is one policy variable, compared with the variable's value when that is an
        /// ASCII single value (the key's lowercased text is at `textStart`, its hash in `keyHash`).
        case variable
    }

    let kind: Kind
    /// Where the text (`string`, `lowercased`, the key of `variable`) is in the plan's bytes.
    let textStart: Int
    let textCount: Int
    let keyHash: UInt64
    /// The pattern (`glob`), its bytes in the plan's bytes.
    let glob: Glob
    /// `number` and `date` (seconds).
    let number: Double
    let flag: Bool
    let ipv4Address: UInt32
    let ipv4Mask: UInt32
    /// The ARN pattern's code; its parts are among the plan's ARN parts, its bytes in the plan's bytes.
    let arn: ARNCode?

    init(
        kind: Kind, textStart: Int = 0, textCount: Int = 0, keyHash: UInt64 = 0,
        glob: Glob = Glob(start: 0, pattern: UnsafeBufferPointer(start: nil, count: 0)), number: Double = 0,
        flag: Bool = false, ipv4Address: UInt32 = 0, ipv4Mask: UInt32 = 0, arn: ARNCode? = nil
    ) {
        self.kind = kind
        self.textStart = textStart
        self.textCount = textCount
        self.keyHash = keyHash
        self.glob = glob
        self.number = number
        self.flag = flag
        self.ipv4Address = ipv4Address
        self.ipv4Mask = ipv4Mask
        self.arn = arn
    }
}

extension PlannedCondition {
    /// The clause's truth when the request gives its key a value of exactly one element and this record decides
    /// it on bytes; `nil` otherwise. `records` are the plan's, `lookup` the filled context's index.
    @inline(__always)
    func truth(_ records: UnsafePointer<PlanBuffers>, _ lookup: UnsafePointer<ContextBuffers>?) -> Truth? {
        guard let keyHash, let lookup,
            let slot = lookup.pointee.slot(lowercasedKey: records.pointee.bytes(keyStart, keyCount), hash: keyHash),
            lookup.pointee.slots[slot].elementCount == 1
        else { return nil }
        return truth(
            for: lookup.pointee.slots.element(slot), text: lookup.pointee.text(slot), in: records, context: lookup)
    }

    /// The clause's truth for the request value in `slot`, whose single element's bytes are `text`, when this
    /// record decides it; `nil` when `ConditionClause.evaluate` must. `context` resolves variables.
    @inline(__always)
    func truth(
        for slot: UnsafePointer<ContextSlot>, text: UnsafeBufferPointer<UInt8>, in records: UnsafePointer<PlanBuffers>,
        context: UnsafePointer<ContextBuffers>
    ) -> Truth? {
        let request = RequestText(bytes: text, slot: slot)
        var any = false
        for index in valueStart..<valueStart + valueCount {
            guard
                let matched = Self.matches(
                    request, records.pointee.values.element(index), kind: kind, records, context)
            else { return nil }
            if matched {
                any = true
                break
            }
        }
        return any != isNegated ? .yes : .no
    }

    /// Whether one request value matches one planned value under the positive operator `kind` (what
    /// `ConditionEvaluation`'s `matches` answers for the prepared or substituted value); `nil` when the bytes do
    /// not decide it.
    @inline(__always)
    private static func matches(
        _ request: RequestText, _ value: UnsafePointer<PlannedValue>, kind: ConditionOperatorKind,
        _ records: UnsafePointer<PlanBuffers>, _ lookup: UnsafePointer<ContextBuffers>
    ) -> Bool? {
        let buffers = records.pointee
        let context = lookup.pointee
        switch value.pointee.kind {
        case .never:
            return false
        case .string:
            // ASCII text equals another text exactly when the bytes are equal; other text may be canonically
            // equivalent to it with other bytes.
            guard request.isASCII else { return nil }
            let count = value.pointee.textCount
            return request.bytes.count == count
                && Glob.equal(buffers.bytes, value.pointee.textStart, request.bytes, count: count)
        case .lowercased:
            guard request.isASCII else { return nil }
            guard request.bytes.count == value.pointee.textCount else { return false }
            let text = buffers.bytes.piece(value.pointee.textStart, value.pointee.textCount)
            for index in text.indices where asciiLowercased(request.bytes[index]) != text[index] {
                return false
            }
            return true
        case .glob:
            return value.pointee.glob.matches(in: buffers.bytes, request.bytes)
        case .number:
            guard request.isASCII else { return nil }
            guard let requestNumber = request.number else { return false }
            return compare(requestNumber, value.pointee.number, kind: kind)
        case .date:
            guard request.isASCII else { return nil }
            guard let requestSeconds = request.date else { return false }
            return compare(requestSeconds, value.pointee.number, kind: kind)
        case .bool:
            guard request.isASCII else { return nil }
            return parseBool(asciiBytes: request.bytes) == value.pointee.flag
        case .ipv4:
            guard request.isASCII else { return nil }
            guard let address = request.ipv4 else { return false }
            return address & value.pointee.ipv4Mask == value.pointee.ipv4Address
        case .ipv6:
            guard request.isASCII, !containsByte(request.bytes, UInt8(ascii: ":")) else { return nil }
            return false
        case .arn:
            guard let arn = value.pointee.arn, request.isASCII, let layout = ARNLayout(utf8: request.bytes) else {
                return nil
            }
            return arn.matches(
                asciiResource: request.bytes, layout: layout, bytes: buffers.bytes, parts: buffers.arnParts)
        case .variable:
            // The substituted value is the variable's value with its wildcards escaped and unescaped again:
            // itself, when it is ASCII. A variable without a single value is left to `ConditionClause`, which
            // notes it as missing.
            guard request.isASCII,
                let slot = context.slot(
                    lowercasedKey: buffers.bytes(value.pointee.textStart, value.pointee.textCount),
                    hash: value.pointee.keyHash),
                !context.slots[slot].isSet, context.slots[slot].elementCount > 0, context.slots[slot].textIsASCII
            else { return nil }
            let substituted = context.text(slot)
            return request.bytes.count == substituted.count
                && Glob.equal(substituted, 0, request.bytes, count: substituted.count)
        }
    }
}

/// A request value's text, with the forms its values compare with as the context index parsed them.
private struct RequestText {
    let bytes: UnsafeBufferPointer<UInt8>
    let slot: UnsafePointer<ContextSlot>

    var isASCII: Bool { slot.pointee.textIsASCII }
    /// `parseNumber` of the (ASCII) text.
    var number: Double? { slot.pointee.number }
    /// `parseDate` of the (ASCII) text.
    var date: Double? { slot.pointee.date }
    /// `parseIPv4(asciiBytes:)` of the (ASCII) text.
    var ipv4: UInt32? { slot.pointee.ipv4 }
}

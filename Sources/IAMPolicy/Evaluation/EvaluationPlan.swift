import Wildcard

/// A `PolicySet` compiled for evaluation, once per policy set (`PolicySet` rebuilds it whenever a policy changes).
///
/// Every statement becomes a record of plain values — its effect, its action filter, and where its action
/// patterns, resource patterns and conditions are in flat buffers beside one byte buffer — so that the engine walks
/// statements by index without retaining or releasing anything. Per policy, the statements are also listed by the
/// bucket of the service prefixes their actions can name (`ActionFilter`), so a request visits only the statements
/// whose `Action` may name its action; and for each action a pattern names literally, the statements whose `Action`
/// or `NotAction` does apply to it are listed ahead, so a request for such an action visits only those. What the records do not decide (policy variables, partly known resources,
/// principals, uncommon condition shapes, non-ASCII text) is left to the general checks on the `Statement` itself.
/// A plan built with `compiles: false` leaves everything to them: the reference the compiled records are tested
/// against.
///
/// The buffers are allocated when the plan is built, never written afterwards, and freed with the plan, which is
/// why it can be shared between threads.
final class EvaluationPlan: @unchecked Sendable {
    /// The records, read in place by the engine while it holds the plan (one pointer, so that passing them
    /// around copies nothing).
    let records: UnsafePointer<PlanBuffers>
    /// How each statement is named in a decision, by the same index as `buffers.statements`.
    let references: [StatementReference]

    /// Each policy's statements, by the index of the policy, for the checks the records leave to them.
    let statements: [[Statement]]
    /// Whether the records decide what they can (`false`: everything is left to the general checks).
    let compiles: Bool
    /// Where the policies of each type are among the plan's policies: the identity policies first, from 0.
    let identityCount: Int
    let permissionsBoundary: Int?
    let session: Int?
    let resource: Int?
    let endpoint: Int?
    /// The policies of each organization level; `nil` when the set has no organization (`PolicySet.scps`,
    /// `PolicySet.rcps`).
    let scpLevels: [Range<Int>]?
    let rcpLevels: [Range<Int>]?

    /// The number of action buckets: one per bit of `ActionFilter.services`.
    static let bucketCount = 64

    convenience init(_ set: PolicySet, compiles: Bool = true) {
        self.init(
            identity: set.identity, permissionsBoundary: set.permissionsBoundary, session: set.session,
            resource: set.resource, endpoint: set.endpoint, scps: set.scps, rcps: set.rcps, compiles: compiles)
    }

    /// Compiles the policies of a `PolicySet`.
    init(
        identity: [PolicyDocument], permissionsBoundary: PolicyDocument?, session: PolicyDocument?,
        resource: PolicyDocument?, endpoint: PolicyDocument?, scps: [[PolicyDocument]]?, rcps: [[PolicyDocument]]?,
        compiles: Bool = true
    ) {
        self.compiles = compiles
        var builder = Builder(compiles: compiles)
        for index in identity.indices {
            builder.add(identity[index], type: .identity, index: index, level: nil)
        }
        identityCount = identity.count
        self.permissionsBoundary = permissionsBoundary.map { builder.add($0, type: .permissionsBoundary) }
        self.session = session.map { builder.add($0, type: .session) }
        self.resource = resource.map { builder.add($0, type: .resource) }
        self.endpoint = endpoint.map { builder.add($0, type: .endpoint) }
        scpLevels = scps.map { builder.add(levels: $0, type: .scp) }
        rcpLevels = rcps.map { builder.add(levels: $0, type: .rcp) }
        statements = builder.statementLists
        references = builder.references
        let (candidates, candidateStarts) = builder.candidates()
        let named = builder.namedActions()
        let records = UnsafeMutablePointer<PlanBuffers>.allocate(capacity: 1)
        records.initialize(
            to: PlanBuffers(
                policies: .plainCopy(of: builder.policies), statements: .plainCopy(of: builder.statements),
                candidates: .plainCopy(of: candidates), candidateStarts: .plainCopy(of: candidateStarts),
                actionNames: .plainCopy(of: named.names), actionNameTable: .plainCopy(of: named.table),
                namedStatements: .plainCopy(of: named.statements), namedStarts: .plainCopy(of: named.starts),
                actionPatterns: .plainCopy(of: builder.actionPatterns), principals: .plainCopy(of: builder.principals),
                resourcePatterns: .plainCopy(of: builder.resourcePatterns), arnParts: .plainCopy(of: builder.arnParts),
                conditions: .plainCopy(of: builder.conditions), values: .plainCopy(of: builder.values),
                bytes: .plainCopy(of: builder.bytes)))
        self.records = UnsafePointer(records)
    }

    deinit {
        let buffers = records.pointee
        buffers.policies.deallocate()
        buffers.statements.deallocate()
        buffers.candidates.deallocate()
        buffers.candidateStarts.deallocate()
        buffers.actionNames.deallocate()
        buffers.actionNameTable.deallocate()
        buffers.namedStatements.deallocate()
        buffers.namedStarts.deallocate()
        buffers.actionPatterns.deallocate()
        buffers.principals.deallocate()
        buffers.resourcePatterns.deallocate()
        buffers.arnParts.deallocate()
        buffers.conditions.deallocate()
        buffers.values.deallocate()
        buffers.bytes.deallocate()
        records.deallocate()
    }

    /// Collects the records while the policies are added.
    private struct Builder {
        let compiles: Bool
        var policies: [PlannedPolicy] = []
        var statements: [PlannedStatement] = []
        var references: [StatementReference] = []
        var actionPatterns: [PlannedActionPattern] = []
        var principals: [PlannedPrincipal] = []
        var resourcePatterns: [ARNCode] = []
        var arnParts: [Glob] = []
        var conditions: [PlannedCondition] = []
        var values: [PlannedValue] = []
        var bytes: [UInt8] = []
        var statementLists: [[Statement]] = []

        /// Adds a document; returns its index among the policies.
        @discardableResult
        mutating func add(_ document: PolicyDocument, type: PolicyType, index: Int = 0, level: Int? = nil) -> Int {
            let source = document.source.file ?? document.source.name
            policies.append(
                PlannedPolicy(
                    statementStart: statements.count, statementCount: document.statements.count, type: type,
                    variablesEnabled: document.version.supportsVariables))
            statementLists.append(document.statements)
            for statement in document.statements {
                references.append(
                    StatementReference(
                        policyType: type, policyIndex: index, level: level, statementIndex: statement.index,
                        sid: statement.sid, effect: statement.effect, source: source, location: statement.location))
                add(statement, variablesEnabled: document.version.supportsVariables)
            }
            return policies.count - 1
        }

        /// Adds organization levels; returns the policies of each level.
        mutating func add(levels: [[PolicyDocument]], type: PolicyType) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            for level in levels.indices {
                let start = policies.count
                for index in levels[level].indices {
                    add(levels[level][index], type: type, index: index, level: level)
                }
                ranges.append(start..<policies.count)
            }
            return ranges
        }

        mutating func add(_ statement: Statement, variablesEnabled: Bool) {
            guard compiles else {
                // Every check is the general one.
                statements.append(
                    PlannedStatement(
                        effect: statement.effect, actionFilter: .everything,
                        actionIsNegated: statement.actions.isNegated, actionStart: actionPatterns.count,
                        actionCount: 0, actionNeedsElement: true, resources: .general,
                        hasPrincipal: statement.principals != nil, principalsArePlanned: false,
                        principalStart: principals.count, principalCount: 0, conditionStart: conditions.count,
                        conditionCount: statement.conditions.count))
                for clause in statement.conditions {
                    conditions.append(
                        PlannedCondition(
                            keyStart: 0, keyCount: 0, keyHash: clause.lookupHash, kind: clause.conditionOperator.kind,
                            isNegated: false, isPlanned: false, valueStart: values.count, valueCount: 0))
                }
                return
            }
            let actionStart = actionPatterns.count
            var actionNeedsElement = false
            for pattern in statement.actions.patterns where !pattern.isMalformed {
                if pattern.pattern.hasEscapes {
                    actionNeedsElement = true
                } else {
                    actionPatterns.append(
                        PlannedActionPattern(glob: append(pattern.pattern.bytes), filter: pattern.filter))
                }
            }
            let resources: PlannedResources
            if let element = statement.resources {
                let start = resourcePatterns.count
                var planned = true
                for entry in element.entries {
                    guard let compiled = entry.compiled, compiled.code.isASCII else {
                        planned = false
                        break
                    }
                    resourcePatterns.append(append(compiled))
                }
                if planned {
                    resources = .patterns(isNegated: element.isNegated, start: start, count: element.entries.count)
                } else {
                    resourcePatterns.removeSubrange(start...)
                    resources = .general
                }
            } else {
                resources = .unrestricted
            }
            let principalStart = principals.count
            var principalsArePlanned = false
            if let element = statement.principals, !element.isNegated {
                principalsArePlanned = true
                for entry in element.entries {
                    guard let planned = PlannedPrincipal.planned(entry, appendingTo: &bytes) else {
                        principalsArePlanned = false
                        break
                    }
                    principals.append(planned)
                }
                if !principalsArePlanned { principals.removeSubrange(principalStart...) }
            }
            let conditionStart = conditions.count
            for clause in statement.conditions {
                add(clause, variablesEnabled: variablesEnabled)
            }
            statements.append(
                PlannedStatement(
                    effect: statement.effect, actionFilter: statement.actions.filter,
                    actionIsNegated: statement.actions.isNegated, actionStart: actionStart,
                    actionCount: actionPatterns.count - actionStart, actionNeedsElement: actionNeedsElement,
                    resources: resources, hasPrincipal: statement.principals != nil,
                    principalsArePlanned: principalsArePlanned, principalStart: principalStart,
                    principalCount: principals.count - principalStart, conditionStart: conditionStart,
                    conditionCount: statement.conditions.count))
        }

        /// Adds a clause of a statement in a document whose version does (or does not) substitute variables.
        mutating func add(_ clause: ConditionClause, variablesEnabled: Bool) {
            let key = append(Array(clause.lookupKey.utf8))
            let op = clause.conditionOperator
            let valueStart = values.count
            var planned = op.qualifier == nil && op.kind != .null
            // `ConditionClause.evaluate` substitutes the values with variables only when the version enables them;
            // otherwise they are skipped, as they have no prepared form.
            let substitutes = variablesEnabled && clause.hasTemplates
            for value in clause.values {
                guard let value = plannedValue(value, kind: op.kind.positive, substitutes: substitutes) else {
                    planned = false
                    continue
                }
                values.append(value)
            }
            if !planned { values.removeSubrange(valueStart...) }
            conditions.append(
                PlannedCondition(
                    keyStart: key.start, keyCount: key.count, keyHash: clause.lookupHash, kind: op.kind.positive,
                    isNegated: op.kind.isNegated, isPlanned: planned, valueStart: valueStart,
                    valueCount: values.count - valueStart))
        }

        /// The record of a value for the positive operator `kind`; `nil` when it is not compared on bytes.
        mutating func plannedValue(_ value: ConditionValue, kind: ConditionOperatorKind, substitutes: Bool)
            -> PlannedValue?
        {
            guard let prepared = value.prepared else {
                guard substitutes, let template = value.template else { return PlannedValue(kind: .never) }
                // The one shape substituted here: `StringEquals` with a value that is one variable and nothing
                // else (`${aws:PrincipalTag/team}`), whose substituted text is the variable's value itself.
                guard kind == .stringEquals, template.segments.count == 1,
                    case .variable(let variable, _, nil) = template.segments[0], let hash = contextKeyHash(variable)
                else { return nil }
                let key = append(Array(variable.utf8))
                return PlannedValue(kind: .variable, textStart: key.start, textCount: key.count, keyHash: hash)
            }
            switch prepared {
            case .string(let text):
                guard text.isASCIIText else { return nil }
                let glob = append(Array(text.utf8))
                return PlannedValue(kind: .string, textStart: glob.start, textCount: glob.count)
            case .lowercased(let text):
                guard text.isASCIIText else { return nil }
                let glob = append(Array(text.utf8))
                return PlannedValue(kind: .lowercased, textStart: glob.start, textCount: glob.count)
            case .glob(let pattern):
                guard !pattern.hasEscapes else { return nil }
                return PlannedValue(kind: .glob, glob: append(pattern.bytes))
            case .number(let number):
                return PlannedValue(kind: .number, number: number)
            case .date(let seconds):
                return PlannedValue(kind: .date, number: seconds)
            case .bool(let flag):
                return PlannedValue(kind: .bool, flag: flag)
            case .binary:
                return nil
            case .network(let network):
                guard network.isIPv4 else { return PlannedValue(kind: .ipv6) }
                return PlannedValue(kind: .ipv4, ipv4Address: network.ipv4Address, ipv4Mask: network.ipv4Mask)
            case .arn(let pattern):
                guard pattern.code.isASCII else { return nil }
                return PlannedValue(kind: .arn, arn: append(pattern))
            }
        }

        /// Appends a glob's bytes; returns the glob as it reads them from `bytes`.
        mutating func append(_ pattern: [UInt8]) -> Glob {
            let start = bytes.count
            bytes += pattern
            return bytes.withUnsafeBufferPointer {
                Glob(start: start, pattern: UnsafeBufferPointer(rebasing: $0[start...]))
            }
        }

        /// Appends an ASCII ARN pattern's bytes and parts; returns its code as it reads them from `bytes` and
        /// `arnParts`.
        mutating func append(_ pattern: ARNPattern) -> ARNCode {
            let offset = bytes.count
            bytes += pattern.bytes
            let partStart = arnParts.count
            arnParts += pattern.parts.map { $0.moved(by: offset) }
            return pattern.code.moved(partStart: partStart)
        }

        /// The candidate lists of every policy and bucket.
        func candidates() -> (candidates: [PlannedCandidate], starts: [Int32]) {
            var candidates: [PlannedCandidate] = []
            var starts: [Int32] = []
            starts.reserveCapacity(policies.count * EvaluationPlan.bucketCount + 1)
            for policy in policies {
                for bucket in 0..<EvaluationPlan.bucketCount {
                    starts.append(Int32(candidates.count))
                    let bit: UInt64 = 1 << UInt64(bucket)
                    for index in policy.statementStart..<policy.statementStart + policy.statementCount
                    where statements[index].actionFilter.services & bit != 0 {
                        candidates.append(
                            PlannedCandidate(statement: Int32(index), initials: statements[index].actionFilter.initials)
                        )
                    }
                }
            }
            starts.append(Int32(candidates.count))
            return (candidates, starts)
        }

        /// How much work listing the statements of named actions may take (names times statements and action
        /// patterns, each checked once per name at most); beyond it the plan lists none, and every request uses the
        /// buckets.
        static let namedActionBudget = 200_000

        /// The actions the well-formed patterns name literally (lowercased, as requests match them), an
        /// open-addressing table of them by `byteHash` (at most half full; -1 where none is), and for each name and
        /// policy the statements whose `Action` or `NotAction` applies to it, found by the checks the engine runs
        /// for a request: `namedStatements[namedStarts[n * policies + p] ..< namedStarts[n * policies + p + 1]]`.
        func namedActions() -> (
            names: [PlannedName], table: [Int32], statements: [Int32], starts: [Int32]
        ) {
            var seen: Set<[UInt8]> = []
            var texts: [(start: Int, text: [UInt8])] = []
            for pattern in actionPatterns where pattern.glob.shape == .literal {
                let text = Array(bytes[pattern.glob.start..<pattern.glob.start + pattern.glob.count])
                if seen.insert(text).inserted { texts.append((pattern.glob.start, text)) }
            }
            guard !texts.isEmpty, texts.count * (statements.count + actionPatterns.count) <= Self.namedActionBudget
            else {
                return ([], [-1], [], [0])
            }
            var names: [PlannedName] = []
            var listed: [Int32] = []
            var starts: [Int32] = []
            bytes.withUnsafeBufferPointer { bytes in
                for (start, text) in texts {
                    let key = ActionFilter.Key(lowercasedAction: String(decoding: text, as: UTF8.self))
                    text.withUnsafeBufferPointer { action in
                        names.append(PlannedName(hash: byteHash(action), start: start, count: action.count))
                        for (policy, statementList) in zip(policies, statementLists) {
                            starts.append(Int32(listed.count))
                            for index in 0..<policy.statementCount
                            where applies(statementList[index], policy.statementStart + index, action, key, bytes) {
                                listed.append(Int32(policy.statementStart + index))
                            }
                        }
                    }
                }
            }
            starts.append(Int32(listed.count))
            var tableCount = 4
            while tableCount < 2 * names.count { tableCount *= 2 }
            var table = [Int32](repeating: -1, count: tableCount)
            for index in names.indices {
                var position = PlanBuffers.position(of: names[index].hash, in: tableCount)
                while table[position] >= 0 { position = (position + 1) & (tableCount - 1) }
                table[position] = Int32(index)
            }
            return (names, table, listed, starts)
        }

        /// Whether `statement`, planned at `planned`, has an `Action`/`NotAction` that applies to `action`, whose
        /// filter key is `key`: what `EvaluationRun` checks for a request (the statement's filter, then its
        /// planned patterns or, when it has escaped wildcards, the element itself).
        private func applies(
            _ statement: Statement, _ planned: Int, _ action: UnsafeBufferPointer<UInt8>, _ key: ActionFilter.Key,
            _ bytes: UnsafeBufferPointer<UInt8>
        ) -> Bool {
            let record = statements[planned]
            guard record.actionFilter.admits(key) else { return false }
            if record.actionNeedsElement {
                return statement.actions.applies(
                    toLowercased: String(decoding: action, as: UTF8.self), utf8: action, key: key)
            }
            for pattern in actionPatterns[record.actionStart..<record.actionStart + record.actionCount]
            where pattern.filter.admits(key) && pattern.glob.matches(in: bytes, action) {
                return !record.actionIsNegated
            }
            return record.actionIsNegated
        }
    }
}

/// The buffers of an `EvaluationPlan`: plain values that point into memory the plan owns, so they are valid while
/// the plan is alive and reading them retains nothing.
struct PlanBuffers {
    /// The policies of the set, in the order `EvaluationRun.decide` evaluates them: identity, permissions
    /// boundary, session, resource, endpoint, SCPs level by level, RCPs level by level.
    let policies: UnsafeBufferPointer<PlannedPolicy>
    /// Every policy's statements, policy after policy.
    let statements: UnsafeBufferPointer<PlannedStatement>
    /// For policy `p` and action bucket `b`, the statements whose actions may fall in the bucket (ascending) are
    /// `candidates[candidateStarts[p * 64 + b] ..< candidateStarts[p * 64 + b + 1]]`.
    let candidates: UnsafeBufferPointer<PlannedCandidate>
    let candidateStarts: UnsafeBufferPointer<Int32>
    /// The actions the patterns name literally, a table of them by hash, and for each name and policy the
    /// statements whose `Action` or `NotAction` applies to it (`Builder.namedActions`). The names' bytes are the
    /// action patterns' own.
    let actionNames: UnsafeBufferPointer<PlannedName>
    let actionNameTable: UnsafeBufferPointer<Int32>
    let namedStatements: UnsafeBufferPointer<Int32>
    let namedStarts: UnsafeBufferPointer<Int32>
    let actionPatterns: UnsafeBufferPointer<PlannedActionPattern>
    let principals: UnsafeBufferPointer<PlannedPrincipal>
    let resourcePatterns: UnsafeBufferPointer<ARNCode>
    /// The parts of the ARN patterns, resource entries and condition values alike.
    let arnParts: UnsafeBufferPointer<Glob>
    let conditions: UnsafeBufferPointer<PlannedCondition>
    let values: UnsafeBufferPointer<PlannedValue>
    /// The text of every pattern, key and value the records point into.
    let bytes: UnsafeBufferPointer<UInt8>

    init(
        policies: UnsafeMutableBufferPointer<PlannedPolicy>, statements: UnsafeMutableBufferPointer<PlannedStatement>,
        candidates: UnsafeMutableBufferPointer<PlannedCandidate>, candidateStarts: UnsafeMutableBufferPointer<Int32>,
        actionNames: UnsafeMutableBufferPointer<PlannedName>, actionNameTable: UnsafeMutableBufferPointer<Int32>,
        namedStatements: UnsafeMutableBufferPointer<Int32>, namedStarts: UnsafeMutableBufferPointer<Int32>,
        actionPatterns: UnsafeMutableBufferPointer<PlannedActionPattern>,
        principals: UnsafeMutableBufferPointer<PlannedPrincipal>, resourcePatterns: UnsafeMutableBufferPointer<ARNCode>,
        arnParts: UnsafeMutableBufferPointer<Glob>,
        conditions: UnsafeMutableBufferPointer<PlannedCondition>, values: UnsafeMutableBufferPointer<PlannedValue>,
        bytes: UnsafeMutableBufferPointer<UInt8>
    ) {
        self.policies = UnsafeBufferPointer(policies)
        self.statements = UnsafeBufferPointer(statements)
        self.candidates = UnsafeBufferPointer(candidates)
        self.candidateStarts = UnsafeBufferPointer(candidateStarts)
        self.actionNames = UnsafeBufferPointer(actionNames)
        self.actionNameTable = UnsafeBufferPointer(actionNameTable)
        self.namedStatements = UnsafeBufferPointer(namedStatements)
        self.namedStarts = UnsafeBufferPointer(namedStarts)
        self.actionPatterns = UnsafeBufferPointer(actionPatterns)
        self.principals = UnsafeBufferPointer(principals)
        self.resourcePatterns = UnsafeBufferPointer(resourcePatterns)
        self.arnParts = UnsafeBufferPointer(arnParts)
        self.conditions = UnsafeBufferPointer(conditions)
        self.values = UnsafeBufferPointer(values)
        self.bytes = UnsafeBufferPointer(bytes)
    }

    /// The `count` bytes from `start`.
    @inline(__always)
    func bytes(_ start: Int, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        bytes.piece(start, count)
    }

    /// Where a name with `hash` is looked for first in a table of `count` entries (a power of two).
    @inline(__always)
    static func position(of hash: UInt64, in count: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (count - 1)
    }

    /// The index of `action` (lowercased, as bytes, with its `byteHash`) among the named actions; `nil` when no
    /// pattern names it literally.
    func namedAction(_ action: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        guard !actionNames.isEmpty else { return nil }
        var position = Self.position(of: hash, in: actionNameTable.count)
        while true {
            let index = Int(actionNameTable[position])
            if index < 0 { return nil }
            let name = actionNames[index]
            if name.hash == hash && name.count == action.count
                && Glob.equal(bytes, name.start, action, count: name.count)
            {
                return index
            }
            position = (position + 1) & (actionNameTable.count - 1)
        }
    }
}

/// Where one policy's statements are among the plan's statements, and what the engine needs to know about it.
struct PlannedPolicy: Sendable {
    let statementStart: Int
    let statementCount: Int
    let type: PolicyType
    /// The document's version substitutes policy variables.
    let variablesEnabled: Bool
}

/// One statement as the plan keeps it (see `EvaluationPlan`).
struct PlannedStatement: Sendable {
    let effect: Effect
    /// The action element's filter (`ActionElement.filter`).
    let actionFilter: ActionFilter
    let actionIsNegated: Bool
    /// The element's well-formed patterns among the plan's action patterns (malformed ones match nothing).
    let actionStart: Int
    let actionCount: Int
    /// Some pattern holds escaped wildcards, so the element's own matcher decides.
    let actionNeedsElement: Bool
    let resources: PlannedResources
    let hasPrincipal: Bool
    /// The `Principal` entries are planned (among the plan's principals); `NotPrincipal` and entries with names
    /// that are not ASCII are left to the element.
    let principalsArePlanned: Bool
    let principalStart: Int
    let principalCount: Int
    /// The statement's conditions among the plan's conditions, one per clause, in order.
    let conditionStart: Int
    let conditionCount: Int
}

/// A statement's `Resource` or `NotResource` as the plan keeps it.
enum PlannedResources: Sendable {
    /// Neither element: the resource does not restrict the statement.
    case unrestricted
    /// Entries that are all ASCII patterns without policy variables, among the plan's resource patterns.
    case patterns(isNegated: Bool, start: Int, count: Int)
    /// Entries the element's own matcher decides (policy variables, non-ASCII text).
    case general
}

/// An action a pattern names literally: its `byteHash`, and where its bytes are in the plan's bytes.
struct PlannedName: Sendable {
    let hash: UInt64
    let start: Int
    let count: Int
}

/// A statement listed in an action bucket, with the initials of its action filter: in its bucket, an action's
/// service bit is the one every listed statement has, so its filter admits the action when the initials do.
struct PlannedCandidate: Sendable {
    let statement: Int32
    let initials: UInt64
}

/// One well-formed action pattern: its glob (case-folded) in the plan's bytes, and its filter.
struct PlannedActionPattern: Sendable {
    let glob: Glob
    let filter: ActionFilter
}

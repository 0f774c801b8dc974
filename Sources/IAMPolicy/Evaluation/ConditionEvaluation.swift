import Wildcard

/// Three-valued truth: discovery mode leaves a condition on an absent key unknown.
enum Truth: Sendable {
    case yes
    case no
    case unknown
}

/// What evaluating one condition clause found out, besides its truth.
struct ClauseOutcome {
    var truth: Truth
    /// The clause's key was looked up and absent.
    var missingKey: Bool = false
    /// A single-valued operator met a multivalued request value (restrictive reading applied).
    var multivaluedWithPlainOperator: Bool = false
    /// Policy variables in the values that had no value in the request.
    var missingVariables: [String] = []
}

extension ConditionClause {
    /// Evaluates the clause against the request context (`reference_policies_elements_condition_operators.md`,
    /// `reference_policies_multi-value-conditions.md`). `effect` matters only for the documented-silent case of a
    /// single-valued operator on a multivalued value, where iamgate takes the restrictive reading.
    func evaluate(
        context: RequestContext, mode: EvaluationMode, effect: Effect, variablesEnabled: Bool
    ) -> ClauseOutcome {
        Self.evaluate(
            conditionOperator, values: values, hasTemplates: hasTemplates,
            requestValue: context.value(lowercasedKey: lookupKey, hash: lookupHash), context: context, mode: mode,
            effect: effect, variablesEnabled: variablesEnabled)
    }

    /// `evaluate(context:mode:effect:variablesEnabled:)` given the clause's parts and the request's value for its
    /// key: the engine passes them from the statement in place, without copying the clause.
    static func evaluate(
        _ op: ConditionOperator, values policyValues: [ConditionValue], hasTemplates: Bool,
        requestValue: ContextValue?, context: RequestContext, mode: EvaluationMode, effect: Effect,
        variablesEnabled: Bool, keyKnownAbsent: Bool = false
    ) -> ClauseOutcome {
        // A key known to be absent follows the strict rules even in discovery mode.
        let mode = keyKnownAbsent && requestValue == nil ? .strict : mode
        let values = requestValue?.values ?? []
        if op.kind == .null {
            // `Null: true` holds when the key is absent (an empty set counts as absent); `Null: false` when present.
            if requestValue == nil && mode == .discovery { return ClauseOutcome(truth: .unknown, missingKey: true) }
            let present = !values.isEmpty
            let matched = policyValues.contains { value in
                if case .bool(let wantsAbsent) = value.prepared { return wantsAbsent != present }
                return false
            }
            return ClauseOutcome(truth: matched ? .yes : .no, missingKey: requestValue == nil)
        }
        if requestValue == nil {
            if mode == .discovery { return ClauseOutcome(truth: .unknown, missingKey: true) }
            return ClauseOutcome(truth: absentKeyTruth(op), missingKey: true)
        }
        // Resolve the policy's values for this request (variables substituted). `reference_policies_variables.md`
        // #policy-vars-no-value: a variable with no value (and no default) is effectively null — nothing equals or
        // is like it, so it matches no request value; negated operators therefore do match against it. Values
        // without variables were prepared when the policy was parsed and are used as they are.
        let substitutes = variablesEnabled && hasTemplates
        var prepared: [PreparedValue] = []
        var missingVariables: [String] = []
        if substitutes {
            prepared.reserveCapacity(policyValues.count)
            for value in policyValues {
                if let ready = value.prepared {
                    prepared.append(ready)
                    continue
                }
                guard let template = value.template else { continue }
                switch template.substitute({ context.value(lowercasedKey: $0).flatMap(singleValue) }) {
                case .success(let text):
                    if let ready = prepareSubstituted(text, kind: op.kind.positive) { prepared.append(ready) }
                case .failure(let variable):
                    if mode == .discovery {
                        return ClauseOutcome(truth: .unknown, missingVariables: [variable.name])
                    }
                    missingVariables.append(variable.name)
                }
            }
        }
        let negated = op.kind.isNegated
        let positive = op.kind.positive
        func matchesOne(_ requestText: String) -> Bool {
            var any = false
            if substitutes {
                any = prepared.contains { matches(requestText, $0, kind: positive) }
            } else {
                for index in policyValues.indices {
                    if let ready = policyValues[index].prepared, matches(requestText, ready, kind: positive) {
                        any = true
                        break
                    }
                }
            }
            return negated ? !any : any
        }
        var outcome: ClauseOutcome
        switch op.qualifier {
        case .forAllValues:
            outcome = ClauseOutcome(truth: values.allSatisfy(matchesOne) ? .yes : .no)
        case .forAnyValue:
            outcome = ClauseOutcome(truth: values.contains(where: matchesOne) ? .yes : .no)
        case nil:
            if values.isEmpty {
                outcome = ClauseOutcome(truth: absentKeyTruth(op), missingKey: true)
            } else if values.count > 1 {
                outcome = ClauseOutcome(truth: effect == .allow ? .no : .yes, multivaluedWithPlainOperator: true)
            } else {
                outcome = ClauseOutcome(truth: matchesOne(values[0]) ? .yes : .no)
            }
        }
        outcome.missingVariables = missingVariables
        return outcome
    }
}

/// The truth of an operator when its key is absent from the request, in strict mode.
func absentKeyTruth(_ op: ConditionOperator) -> Truth {
    switch op.qualifier {
    case .forAllValues: return .yes
    case .forAnyValue: return .no
    case nil:
        if op.kind == .null { return .no }
        if op.ifExists { return .yes }
        return op.kind.isNegated ? .yes : .no
    }
}

/// A single-valued key's value for a policy variable; multivalued keys cannot be variables.
private func singleValue(_ value: ContextValue) -> String? {
    value.isSet ? nil : value.values.first
}

/// Prepares a substituted value (wildcard characters from variables arrive escaped).
private func prepareSubstituted(_ text: String, kind: ConditionOperatorKind) -> PreparedValue? {
    switch kind {
    case .stringLike: return .glob(WildcardPattern(text))
    case .arnEquals, .arnLike: return .arn(ARNPattern(text, trailingStarSpansColons: false))
    default: return prepareConditionValue(unescapeWildcards(text), kind: kind)
    }
}

/// Whether one request value matches one prepared policy value under a positive operator.
@inline(__always)
private func matches(_ requestText: String, _ value: PreparedValue, kind: ConditionOperatorKind) -> Bool {
    switch value {
    case .string(let text):
        return requestText == text
    case .lowercased(let text):
        return requestText.lowercased() == text
    case .glob(let pattern):
        return pattern.matches(requestText)
    case .number(let number):
        guard let requestNumber = parseNumber(requestText) else { return false }
        return compare(requestNumber, number, kind: kind)
    case .date(let seconds):
        guard let requestSeconds = parseDate(requestText) else { return false }
        return compare(requestSeconds, seconds, kind: kind)
    case .bool(let flag):
        return parseBool(requestText) == flag
    case .binary(let bytes):
        return decodeBase64(requestText) == bytes
    case .network(let network):
        return network.contains(requestText)
    case .arn(let pattern):
        return pattern.matches(requestText)
    }
}

func compare(_ lhs: Double, _ rhs: Double, kind: ConditionOperatorKind) -> Bool {
    switch kind {
    case .numericEquals, .dateEquals: return lhs == rhs
    case .numericLessThan, .dateLessThan: return lhs < rhs
    case .numericLessThanEquals, .dateLessThanEquals: return lhs <= rhs
    case .numericGreaterThan, .dateGreaterThan: return lhs > rhs
    case .numericGreaterThanEquals, .dateGreaterThanEquals: return lhs >= rhs
    default: return false
    }
}

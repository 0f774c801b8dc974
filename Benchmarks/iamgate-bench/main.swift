// iamgate-bench: decisions per second on one core and policy parse throughput, on a realistic CI deployer workload
// (see DeployerScenario.swift), and whole-process figures of `iamgate check` and `iamgate audit` (against cloudsplaining).
// Usage: iamgate-bench [--seconds N] [--quick] [--only decisions|strict|parse|check|audit]
//
// The report ends with one `name: value` line per figure (stable names, for scripts), e.g.
//     decisions_per_second: 1234567
// Exit status: 0 on success (targets missed are reported, not failed), 1 when anything fails, 64 on bad usage.

import IAMPolicy

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command-line options.
struct Options {
    /// Seconds per measurement.
    var seconds = 2.0
    /// A smoke run: 0.2 s per measurement, parse corpus not necessarily read in full.
    var quick = false
    /// Run only the decision or only the parse measurements (for profiling).
    var only: Part?

    enum Part: String {
        case decisions
        /// Only the strict, unexplained decisions (the headline figure; handy under a profiler).
        case strict
        case parse
        /// Whole-process figures of `iamgate check` (needs the iamgate binary beside the benchmark).
        case check
        /// Whole-process figures of `iamgate audit` on a 6,000-principal account, and cloudsplaining on the same file.
        case audit
    }

    static let usage = "usage: iamgate-bench [--seconds N] [--quick] [--only decisions|strict|parse|check|audit]"

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick":
                quick = true
                seconds = 0.2
            case "--seconds":
                guard let text = rest.popFirst(), let value = Double(text), value > 0 else {
                    throw UsageError(description: "--seconds needs a positive number\n\(Self.usage)")
                }
                seconds = value
            case "--only":
                guard let text = rest.popFirst(), let part = Part(rawValue: text) else {
                    throw UsageError(
                        description: "--only needs 'decisions', 'strict', 'parse', 'check' or 'audit'\n\(Self.usage)")
                }
                only = part
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default:
                throw UsageError(description: "unknown argument '\(argument)'\n\(Self.usage)")
            }
        }
    }
}

/// The targets of the performance issue.
enum Target {
    static let decisionsPerSecond = 1_000_000.0
    static let parseMegabytesPerSecond = 50.0
}

/// Megabytes of typical policy JSON the parse corpus holds at least.
let typicalCorpusBytes = 20_000_000
/// Statements in the big policy.
let bigPolicyStatements = 2_000

func run(_ options: Options) throws {
    #if DEBUG
        print("iamgate-bench: DEBUG BUILD, figures are not meaningful (build with -c release)")
    #endif
    let quickNote = options.quick ? " (quick)" : ""
    print("iamgate-bench: one thread, \(format(options.seconds, decimals: 1)) s per measurement\(quickNote)")
    var figures: [(name: String, value: String)] = []
    var targets: [String] = []
    if options.only == nil || options.only == .decisions || options.only == .strict {
        let decisions = try benchmarkDecisions(seconds: options.seconds, strictOnly: options.only == .strict)
        figures += decisions.figures
        targets.append(decisions.targetLine)
    }
    if options.only == nil || options.only == .parse {
        let parsing = try benchmarkParsing(seconds: options.seconds, wholePass: !options.quick)
        figures += parsing.figures
        targets.append(parsing.targetLine)
    }
    if options.only == nil || options.only == .check {
        let check = try benchmarkCheck(runs: options.quick ? 3 : 20)
        figures += check.figures
        targets += check.targetLines
    }
    // The audit (and cloudsplaining, minutes on this file) only in a full run or when asked for.
    if (options.only == nil && !options.quick) || options.only == .audit {
        let audit = try benchmarkAudit(runs: options.quick ? 1 : 3)
        figures += audit.figures
        targets += audit.targetLines
    }
    print("")
    for (name, value) in figures {
        print("\(name): \(value)")
    }
    for line in targets {
        print(line)
    }
}

/// The decision benchmarks: sanity table, then decisions per second in three configurations.
func benchmarkDecisions(seconds: Double, strictOnly: Bool) throws -> (
    figures: [(name: String, value: String)], targetLine: String
) {
    // The policy set, parsed by the real parser.
    let source = PolicySource("iamgate-bench")
    var documents: [PolicyDocument] = []
    for policy in DeployerScenario.policies {
        let result = PolicyParser(policyType: policy.type).parse(bytes: Array(policy.json.utf8), source: source)
        guard let document = result.document, result.findings.isEmpty else {
            let findings = result.findings.map(\.description).joined(separator: "\n  ")
            throw BenchmarkFailure("policy \(policy.name) did not parse cleanly:\n  \(findings)")
        }
        documents.append(document)
    }
    let policies = DeployerScenario.policySet(from: documents)
    let requests = try DeployerScenario.authorizationRequests()
    let statementCount = documents.reduce(0) { $0 + $1.statements.count }
    print(
        "workload: CI deployer for EC2 Image Builder: \(documents.count) policies, \(statementCount) statements "
            + "(2 identity, permissions boundary, 1 SCP level, image resource policy)")
    let operations = ["get", "list", "create", "update", "delete"].map { operation in
        "\(operation) \(DeployerScenario.requests.filter { $0.operation == operation }.count)"
    }
    print(
        "requests: \(requests.count) from the StackQL operations on awscc.imagebuilder.images "
            + "(\(operations.joined(separator: ", ")))")

    // Sanity: the expected decisions, and explanations and discovery mode agreeing with them.
    let strict = Evaluator(mode: .strict, explain: false)
    let explaining = Evaluator(mode: .strict, explain: true)
    let discovery = Evaluator(mode: .discovery, explain: false)
    print("")
    print(pad("operation", 10) + pad("action", 46) + pad("decision", 14) + "blocked by")
    var counts: [EvalDecision: Int] = [:]
    for (spec, request) in zip(DeployerScenario.requests, requests) {
        let decision = strict.evaluate(request, policies: policies)
        counts[decision.decision, default: 0] += 1
        print(
            pad(spec.operation, 10) + pad(spec.action, 46) + pad(decision.decision.rawValue, 14)
                + decision.blockedBy.map(\.rawValue).joined(separator: ", "))
        guard decision.decision == spec.expected else {
            let got = decision.decision.rawValue
            throw BenchmarkFailure("\(spec.operation) \(spec.action): expected \(spec.expected.rawValue), got \(got)")
        }
        let explained = explaining.evaluate(request, policies: policies)
        guard explained.decision == decision.decision, explained.blockedBy == decision.blockedBy else {
            throw BenchmarkFailure("\(spec.action): explain: true changed the decision")
        }
        let discovered = discovery.evaluate(request, policies: policies)
        guard discovered.decision == decision.decision, !discovered.isConditional else {
            throw BenchmarkFailure("\(spec.action): discovery mode decided differently with a complete context")
        }
    }
    let allowed = counts[.allowed, default: 0]
    let explicitDenies = counts[.explicitDeny, default: 0]
    let implicitDenies = counts[.implicitDeny, default: 0]
    print(
        "sanity: \(allowed) allowed, \(explicitDenies + implicitDenies) denied "
            + "(\(explicitDenies) explicitDeny, \(implicitDenies) implicitDeny) of \(requests.count) requests")
    guard allowed > 0, explicitDenies + implicitDenies > 0 else {
        throw BenchmarkFailure("the workload must mix allowed and denied requests")
    }

    var measured = [
        measureDecisions("strict", evaluator: strict, requests: requests, policies: policies, seconds: seconds)
    ]
    if !strictOnly {
        measured.append(
            measureDecisions(
                "strict, explain", evaluator: explaining, requests: requests, policies: policies, seconds: seconds))
        measured.append(
            measureDecisions(
                "discovery", evaluator: discovery, requests: requests, policies: policies, seconds: seconds))
    }
    print("")
    print(pad("decisions (one core)", 34) + lpad("decisions/s", 14) + lpad("ns/decision", 14))
    for figure in measured {
        print(
            pad(figure.label, 34) + lpad(grouped(figure.perSecond), 14)
                + lpad(format(figure.nanosecondsPerDecision, decimals: 1), 14))
    }

    var figures: [(name: String, value: String)] = []
    for (figure, suffix) in zip(measured, ["", "_explain", "_discovery"]) {
        figures.append(("decisions_per_second\(suffix)", String(Int(figure.perSecond.rounded()))))
        figures.append(("ns_per_decision\(suffix)", format(figure.nanosecondsPerDecision, decimals: 1)))
    }
    figures.append(("requests_allowed", String(allowed)))
    figures.append(("requests_denied", String(explicitDenies + implicitDenies)))
    let met = measured[0].perSecond >= Target.decisionsPerSecond
    return (figures, "target_decisions_per_second: \(Int(Target.decisionsPerSecond)) \(met ? "met" : "MISSED")")
}

/// The parse benchmarks: the workload's policies many times over, the largest policy the parser accepts, and the
/// JSON layer alone on a 2,000-statement policy.
func benchmarkParsing(
    seconds: Double, wholePass: Bool
) throws -> (figures: [(name: String, value: String)], targetLine: String) {
    var corpus: [(bytes: [UInt8], parser: PolicyParser)] = []
    var corpusBytes = 0
    let policies = DeployerScenario.policies.map {
        (bytes: Array($0.json.utf8), parser: PolicyParser(policyType: $0.type))
    }
    while corpusBytes < typicalCorpusBytes {
        for policy in policies {
            corpus.append(policy)
            corpusBytes += policy.bytes.count
        }
    }

    // ~2,000 statements are several times what the parser accepts (`PolicyParser.maximumPolicyCharacters`), so the
    // full parser is measured on the largest policy it accepts, and the JSON layer alone on the 2,000 statements.
    let statements = DeployerScenario.policies.filter { $0.type != .resource }.flatMap(\.statements)
    func bigPolicy(statements count: Int) -> [UInt8] {
        Array(
            documentJSON(
                statements: (0..<count).map { index in numberingSid(statements[index % statements.count], index) }
            ).utf8)
    }
    let hugeBytes = bigPolicy(statements: bigPolicyStatements)
    let hugeResult = PolicyParser(policyType: .identity).parse(bytes: hugeBytes, source: PolicySource("huge"))
    guard hugeResult.document == nil, hugeResult.errors.contains(where: { $0.code == "policy-too-large" }) else {
        throw BenchmarkFailure("the \(bigPolicyStatements)-statement policy was expected to exceed the size limit")
    }
    var largestCount = 1
    var tooMany = bigPolicyStatements
    while tooMany - largestCount > 1 {
        let middle = (largestCount + tooMany) / 2
        if nonWhitespaceCharacters(bigPolicy(statements: middle)) <= PolicyParser.maximumPolicyCharacters {
            largestCount = middle
        } else {
            tooMany = middle
        }
    }
    let largestBytes = bigPolicy(statements: largestCount)

    let measured = [
        try measureParsing(
            "typical (\(corpus.count) documents, \(megabytes(corpusBytes)) MB)",
            documents: corpus, seconds: seconds, wholePass: wholePass),
        try measureParsing(
            "big: largest accepted (\(largestCount) statements, \(megabytes(largestBytes.count)) MB)",
            documents: [(largestBytes, PolicyParser(policyType: .identity))], seconds: seconds, wholePass: true),
        try measureJSONParsing(
            "JSON layer only, \(bigPolicyStatements) statements (\(megabytes(hugeBytes.count)) MB)",
            document: hugeBytes, seconds: seconds),
    ]
    print("")
    print(pad("parsing (JSON + validation + compilation)", 62) + lpad("MB/s", 10))
    for figure in measured {
        print(pad(figure.label, 62) + lpad(format(figure.megabytesPerSecond, decimals: 1), 10))
    }

    let figures: [(name: String, value: String)] = [
        ("parse_mb_per_second_typical", format(measured[0].megabytesPerSecond, decimals: 1)),
        ("parse_mb_per_second_big", format(measured[1].megabytesPerSecond, decimals: 1)),
        ("parse_big_statements", String(largestCount)),
        ("json_mb_per_second_\(bigPolicyStatements)_statements", format(measured[2].megabytesPerSecond, decimals: 1)),
    ]
    let met = measured.prefix(2).allSatisfy { $0.megabytesPerSecond >= Target.parseMegabytesPerSecond }
    return (figures, "target_parse_mb_per_second: \(Int(Target.parseMegabytesPerSecond)) \(met ? "met" : "MISSED")")
}

/// Characters as IAM counts them for size limits: Unicode scalars, white space excluded.
func nonWhitespaceCharacters(_ bytes: [UInt8]) -> Int {
    bytes.reduce(into: 0) { count, byte in
        if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte & 0xC0 != 0x80 { count += 1 }
    }
}

func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1e6, decimals: 2) }

/// `statement` with its Sid made unique by `number`.
func numberingSid(_ statement: String, _ number: Int) -> String {
    guard let sid = statement.firstRange(of: "\"Sid\": \""),
        let close = statement[sid.upperBound...].firstIndex(of: "\"")
    else { return statement }
    return String(statement[..<close]) + "\(number)" + String(statement[close...])
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func lpad(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// `1234567.8` → `1,234,568`.
func grouped(_ value: Double) -> String {
    var digits = String(Int(value.rounded()))
    var groups: [Substring] = []
    while digits.count > 3 {
        groups.insert(Substring(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    return groups.joined(separator: ",")
}

/// A fixed-point rendering without Foundation.
func format(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    guard decimals > 0 else { return String(whole) }
    return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

/// Writes one line to standard error.
func printToStandardError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
}

/// A command line the benchmark does not understand.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

do {
    try run(Options(arguments: Array(CommandLine.arguments.dropFirst())))
} catch let error as UsageError {
    printToStandardError("iamgate-bench: \(error)")
    exit(64)
} catch {
    printToStandardError("iamgate-bench: \(error)")
    exit(1)
}

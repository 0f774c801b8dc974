import IAMPolicy
import JSON

/// A failure that makes the benchmark exit non-zero.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// How many decisions one configuration made in how long, and what they were.
struct DecisionFigures {
    var label: String
    var decisions: Int
    var seconds: Double

    var perSecond: Double { Double(decisions) / seconds }
    var nanosecondsPerDecision: Double { seconds * 1e9 / Double(decisions) }
}

/// How many bytes of policy JSON were parsed in how long.
struct ParseFigures {
    var label: String
    var documents: Int
    var bytes: Int
    var seconds: Double

    /// Megabytes (10^6 bytes) per second.
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }
}

let clock = ContinuousClock()

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Evaluates `requests` in a loop on the calling thread: a warm-up, then at least `seconds` of measured passes.
func measureDecisions(
    _ label: String, evaluator: Evaluator, requests: [AuthorizationRequest], policies: PolicySet, seconds: Double
) -> DecisionFigures {
    var allowed = 0
    func pass() {
        for index in requests.indices {
            let decision = evaluator.evaluate(requests[index], policies: policies)
            if decision.decision == .allowed { allowed &+= 1 }
        }
    }
    let warmUp = Duration.seconds(max(0.05, seconds / 10))
    let warmUpStart = clock.now
    repeat { pass() } while warmUpStart.duration(to: clock.now) < warmUp

    let budget = Duration.seconds(seconds)
    var passes = 0
    let start = clock.now
    var elapsed = Duration.zero
    repeat {
        pass()
        passes += 1
        elapsed = start.duration(to: clock.now)
    } while elapsed < budget
    // `allowed` keeps the decisions observable, so no pass can be optimised away.
    precondition(allowed > 0, "no request was allowed")
    return DecisionFigures(label: label, decisions: passes * requests.count, seconds: elapsed.seconds)
}

/// Parses `documents` one by one, in passes, for at least `seconds` (and at least one whole pass unless
/// `wholePass` is false); every document must parse without errors.
func measureParsing(
    _ label: String, documents: [(bytes: [UInt8], parser: PolicyParser)], seconds: Double, wholePass: Bool
) throws -> ParseFigures {
    let source = PolicySource("iamgate-bench")
    var parsedDocuments = 0
    var parsedBytes = 0
    func parse(_ index: Int) throws {
        let (bytes, parser) = documents[index]
        let result = parser.parse(bytes: bytes, source: source)
        guard result.document != nil else {
            let errors = result.errors.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" }
            throw BenchmarkFailure("\(label): document \(index) did not parse: \(errors.joined(separator: "; "))")
        }
        parsedDocuments += 1
        parsedBytes += bytes.count
    }
    for index in documents.indices.prefix(8) {
        try parse(index)
    }
    parsedDocuments = 0
    parsedBytes = 0

    let budget = Duration.seconds(seconds)
    let start = clock.now
    var elapsed = Duration.zero
    var index = 0
    var completedPass = false
    while true {
        try parse(index)
        index += 1
        if index == documents.count {
            index = 0
            completedPass = true
        }
        elapsed = start.duration(to: clock.now)
        if elapsed >= budget && (completedPass || !wholePass) { break }
    }
    return ParseFigures(label: label, documents: parsedDocuments, bytes: parsedBytes, seconds: elapsed.seconds)
}

/// Parses one document with `JSONParser` alone (syntax and locations, no policy validation) for `seconds`.
func measureJSONParsing(_ label: String, document: [UInt8], seconds: Double) throws -> ParseFigures {
    _ = try JSONParser.parse(document)
    let budget = Duration.seconds(seconds)
    var passes = 0
    let start = clock.now
    var elapsed = Duration.zero
    repeat {
        _ = try JSONParser.parse(document)
        passes += 1
        elapsed = start.duration(to: clock.now)
    } while elapsed < budget
    return ParseFigures(label: label, documents: passes, bytes: passes * document.count, seconds: elapsed.seconds)
}

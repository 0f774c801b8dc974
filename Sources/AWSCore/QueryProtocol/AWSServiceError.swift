import Foundation

/// Why an AWS service call failed, as one sentence: AWS's error code, message and request id, a transport failure
/// naming the host, or a response that could not be read.
public enum AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS answered with an error; `attempts` counts every attempt the retrying client made.
    case service(AWSErrorResponse, attempts: Int, quotaExhausted: Bool)
    /// No complete response arrived.
    case transport(TransportError, attempts: Int, quotaExhausted: Bool)
    /// A 2xx response whose body is not the expected XML or JSON: `detail` says what was wrong.
    case malformedResponse(operation: String, host: String, detail: String)

    /// The error a ``RetryingClient`` gave up with.
    public init(_ error: AWSRequestError) {
        let quotaExhausted = error.stopReason == .retryQuotaExhausted
        switch error.failure {
        case .service(let response):
            self = .service(response, attempts: error.attempts, quotaExhausted: quotaExhausted)
        case .transport(let failure):
            self = .transport(failure, attempts: error.attempts, quotaExhausted: quotaExhausted)
        }
    }

    /// The AWS error code (`AccessDenied`, `Throttling`, …), when AWS answered.
    public var code: String? {
        if case .service(let response, _, _) = self { return response.code }
        return nil
    }

    /// The request id AWS gave, when it answered with one.
    public var requestId: String? {
        if case .service(let response, _, _) = self { return response.requestId }
        return nil
    }

    public var description: String {
        switch self {
        case .service(let response, let attempts, let quotaExhausted):
            var head: String
            if response.code.allSatisfy(\.isNumber) {
                // No readable error body: AWSErrorResponse coded it with the status and its reason phrase.
                head = "http \(response.status)"
                if !response.message.isEmpty { head += " \(response.message)" }
            } else {
                head = response.code
                let message = response.message.trimmingCharacters(in: .whitespacesAndNewlines)
                if !message.isEmpty { head += ": \(message)" }
            }
            var context: [String] = []
            if let requestId = response.requestId, !requestId.isEmpty { context.append("request \(requestId)") }
            if let retries = Self.attemptsNote(attempts, quotaExhausted) { context.append(retries) }
            return context.isEmpty ? head : "\(head) (\(context.joined(separator: "; ")))"
        case .transport(let failure, let attempts, let quotaExhausted):
            guard let retries = Self.attemptsNote(attempts, quotaExhausted) else { return failure.description }
            return "\(failure.description) (\(retries))"
        case .malformedResponse(let operation, let host, let detail):
            return "the \(operation) response from \(host) could not be read: \(detail)"
        }
    }

    private static func attemptsNote(_ attempts: Int, _ quotaExhausted: Bool) -> String? {
        if quotaExhausted { return "after \(attempts) attempt\(attempts == 1 ? "" : "s"), retry quota exhausted" }
        return attempts > 1 ? "after \(attempts) attempts" : nil
    }
}

/// The Cloud Control half of a ``FakeAWSScenario`` (`"cloudControl"` in the JSON `scripts/fake-cloudcontrol.py`
/// documents): the resources stored at the start, how many polls a request takes to finish, the `RetryAfter` it gives,
/// the page size, and the faults its requests meet.
///
/// ```swift
/// let scenario = FakeAWSScenario(
///     accepting: credentials,
///     cloudControl: FakeCloudControlScenario(pollsToFinish: 2, retryAfter: 1.5, faults: .throttledSubmissions(1)))
/// ```
public struct FakeCloudControlScenario: Encodable, Sendable, Hashable {
    /// One resource stored at the start.
    public struct Resource: Encodable, Sendable, Hashable {
        public var identifier: String
        /// The properties as a JSON object's text.
        public var properties: String

        public init(identifier: String, properties: String) {
            self.identifier = identifier
            self.properties = properties
        }

        enum CodingKeys: String, CodingKey {
            case identifier = "Identifier"
            case properties = "Properties"
        }
    }

    /// How a resource request ends when a fault decides it.
    public enum Outcome: String, Encodable, Sendable, Hashable {
        case failed = "FAILED"
        case cancelComplete = "CANCEL_COMPLETE"
        /// Never ends.
        case inProgress = "IN_PROGRESS"
    }

    /// One step of trouble, used up by the first Cloud Control request it matches: by default the writes
    /// (`CreateResource`, `UpdateResource`, `DeleteResource`), else the operations named.
    public struct Fault: Encodable, Sendable, Hashable {
        public var operation: [String]?
        public var outcome: Outcome?
        public var errorCode: String?
        public var statusMessage: String?
        public var status: Int?
        public var code: String?
        public var message: String?
        public var namespace: String?
        public var action: String?
        public var sleep: Double?

        public init(
            operation: [String]? = nil, outcome: Outcome? = nil, errorCode: String? = nil,
            statusMessage: String? = nil, status: Int? = nil, code: String? = nil, message: String? = nil,
            namespace: String? = nil, action: String? = nil, sleep: Double? = nil
        ) {
            self.operation = operation
            self.outcome = outcome
            self.errorCode = errorCode
            self.statusMessage = statusMessage
            self.status = status
            self.code = code
            self.message = message
            self.namespace = namespace
            self.action = action
            self.sleep = sleep
        }

        /// The write is accepted, and its request ends `FAILED` with `errorCode` (nothing changes).
        public static func failed(_ errorCode: String, _ statusMessage: String? = nil) -> Fault {
            Fault(outcome: .failed, errorCode: errorCode, statusMessage: statusMessage)
        }

        /// The write's request ends `CANCEL_COMPLETE`.
        public static let cancelComplete = Fault(outcome: .cancelComplete)
        /// The write's request stays `IN_PROGRESS` forever.
        public static let neverFinishes = Fault(outcome: .inProgress)

        /// A JSON error answer instead of processing the request, for example
        /// `.error(400, "AccessDeniedException", "…", namespace: "com.amazon.coral.service")`.
        public static func error(
            _ status: Int, _ code: String, _ message: String, namespace: String? = nil, operations: [String]? = nil
        ) -> Fault {
            Fault(operation: operations, status: status, code: code, message: message, namespace: namespace)
        }

        /// A 200 answer whose body is not JSON, to the first of `operations` (the writes by default).
        public static func malformedJSON(operations: [String]? = nil) -> Fault {
            Fault(operation: operations, action: "malformed-json")
        }

        /// The connection reset before the request is processed.
        public static func reset(operations: [String]? = nil) -> Fault {
            Fault(operation: operations, action: "reset")
        }

        /// The request processed, then the connection reset: the answer is lost.
        public static func resetAfterProcessing(operations: [String]? = nil) -> Fault {
            Fault(operation: operations, action: "reset-after")
        }
    }

    /// The account in the ARNs the stand-in makes; the scenario's identity account by default.
    public var account: String?
    /// The resources stored at the start, by TypeName.
    public var resources: [String: [Resource]]?
    /// Polls after which a request is final (the write answers `PENDING`); 0: the write's own answer is final.
    public var pollsToFinish: Int?
    /// Seconds from now put in `RetryAfter` of every event that is not final; `nil` for none.
    public var retryAfter: Double?
    /// Entries per ListResources or ListResourceRequests page.
    public var pageSize: Int?
    public var faults: [Fault]

    public init(
        account: String? = nil, resources: [String: [Resource]]? = nil, pollsToFinish: Int? = nil,
        retryAfter: Double? = nil, pageSize: Int? = nil, faults: [Fault] = []
    ) {
        self.account = account
        self.resources = resources
        self.pollsToFinish = pollsToFinish
        self.retryAfter = retryAfter
        self.pageSize = pageSize
        self.faults = faults
    }
}

extension Array where Element == FakeCloudControlScenario.Fault {
    /// The first `count` writes end `FAILED` with `ErrorCode` `Throttling` (the later ones succeed).
    public static func throttledSubmissions(_ count: Int) -> [FakeCloudControlScenario.Fault] {
        Array(repeating: .failed("Throttling", "Rate exceeded"), count: count)
    }
}

/// A resource the stand-in stores at the time its log was read.
public struct FakeCloudControlResource: Decodable, Sendable, Hashable {
    public var identifier: String
    /// The properties as compact JSON text with sorted keys.
    public var properties: String

    enum CodingKeys: String, CodingKey {
        case identifier = "Identifier"
        case properties = "Properties"
    }
}

import AWSCore
import Foundation

/// Where a Cloud Control resource request stands (the model's `ProgressEvent`): what CreateResource, UpdateResource,
/// DeleteResource, CancelResourceRequest and GetResourceRequestStatus answer, and each entry of ListResourceRequests.
///
/// `RequestToken` and `OperationStatus` are required here although the model marks no member required: AWS always
/// sends them, and without them a request can neither be followed nor judged, so a response lacking either is
/// malformed.
public struct ProgressEvent: Sendable, Hashable {
    /// `Operation`: `CREATE`, `UPDATE` or `DELETE`, or a value the model does not list, kept as sent.
    public enum Operation: Sendable, Hashable, CustomStringConvertible {
        case create, update, delete
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "CREATE": self = .create
            case "UPDATE": self = .update
            case "DELETE": self = .delete
            default: self = .other(rawValue)
            }
        }

        /// The value as AWS writes it.
        public var rawValue: String {
            switch self {
            case .create: return "CREATE"
            case .update: return "UPDATE"
            case .delete: return "DELETE"
            case .other(let value): return value
            }
        }

        public var description: String { rawValue }
    }

    /// `OperationStatus`: the model's six values, or one it does not list, kept as sent (and never taken for a final
    /// success).
    public enum OperationStatus: Sendable, Hashable, CustomStringConvertible {
        case pending, inProgress, success, failed, cancelInProgress, cancelComplete
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "PENDING": self = .pending
            case "IN_PROGRESS": self = .inProgress
            case "SUCCESS": self = .success
            case "FAILED": self = .failed
            case "CANCEL_IN_PROGRESS": self = .cancelInProgress
            case "CANCEL_COMPLETE": self = .cancelComplete
            default: self = .other(rawValue)
            }
        }

        /// The value as AWS writes it, for example `IN_PROGRESS`.
        public var rawValue: String {
            switch self {
            case .pending: return "PENDING"
            case .inProgress: return "IN_PROGRESS"
            case .success: return "SUCCESS"
            case .failed: return "FAILED"
            case .cancelInProgress: return "CANCEL_IN_PROGRESS"
            case .cancelComplete: return "CANCEL_COMPLETE"
            case .other(let value): return value
            }
        }

        /// Whether the request can still change: `PENDING`, `IN_PROGRESS` or `CANCEL_IN_PROGRESS`. The final states
        /// are `SUCCESS`, `FAILED` and `CANCEL_COMPLETE`; an unknown value is neither.
        public var isInProgress: Bool {
            switch self {
            case .pending, .inProgress, .cancelInProgress: return true
            default: return false
            }
        }

        public var description: String { rawValue }
    }

    /// `TypeName`, for example `AWS::ImageBuilder::Image`.
    public var typeName: String?
    /// `Identifier`: the resource's primary identifier (for an image, its ARN); may arrive before `SUCCESS`.
    public var identifier: String?
    /// `RequestToken`: what GetResourceRequestStatus and CancelResourceRequest take.
    public var requestToken: String
    /// `HooksRequestToken`: the token of the CloudFormation Hooks invocations, when the account runs hooks.
    public var hooksRequestToken: String?
    /// `Operation`.
    public var operation: Operation?
    /// `OperationStatus`.
    public var operationStatus: OperationStatus
    /// `EventTime`: when the event happened.
    public var eventTime: Date?
    /// `ResourceModel`: the resource's properties as JSON text.
    public var resourceModel: String?
    /// `StatusMessage`: AWS's words about the status.
    public var statusMessage: String?
    /// `ErrorCode` (set on `FAILED`): `Throttling`, `NotFound`, `InvalidRequest`, …, kept as sent.
    public var errorCode: String?
    /// `RetryAfter`: when to ask for the status next (a point in time, not a number of seconds).
    public var retryAfter: Date?

    public init(
        typeName: String? = nil, identifier: String? = nil, requestToken: String, hooksRequestToken: String? = nil,
        operation: Operation? = nil, operationStatus: OperationStatus, eventTime: Date? = nil,
        resourceModel: String? = nil, statusMessage: String? = nil, errorCode: String? = nil, retryAfter: Date? = nil
    ) {
        self.typeName = typeName
        self.identifier = identifier
        self.requestToken = requestToken
        self.hooksRequestToken = hooksRequestToken
        self.operation = operation
        self.operationStatus = operationStatus
        self.eventTime = eventTime
        self.resourceModel = resourceModel
        self.statusMessage = statusMessage
        self.errorCode = errorCode
        self.retryAfter = retryAfter
    }

    /// Reads a `ProgressEvent` object.
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        let status = try object.requiredString("OperationStatus")
        self.init(
            typeName: try object.string("TypeName"), identifier: try object.string("Identifier"),
            requestToken: try object.requiredString("RequestToken"),
            hooksRequestToken: try object.string("HooksRequestToken"),
            operation: try object.string("Operation").map(Operation.init(rawValue:)),
            operationStatus: OperationStatus(rawValue: status), eventTime: try object.date("EventTime"),
            resourceModel: try object.string("ResourceModel"), statusMessage: try object.string("StatusMessage"),
            errorCode: try object.string("ErrorCode"), retryAfter: try object.date("RetryAfter"))
    }

    /// Reads the `ProgressEvent` member of a response's root object, which must be there.
    static func member(of root: JSONResponseObject) throws(AWSServiceError) -> ProgressEvent {
        guard let object = try root.object("ProgressEvent") else { throw root.malformed("ProgressEvent", "is missing") }
        return try ProgressEvent(object)
    }
}

import AWSCore

/// Which resource requests ListResourceRequests returns (the model's `ResourceRequestStatusFilter`): those of any of
/// `operations` and any of `operationStatuses`; an empty list does not filter.
public struct ResourceRequestStatusFilter: Sendable, Hashable {
    /// `Operations`.
    public var operations: [ProgressEvent.Operation]
    /// `OperationStatuses`.
    public var operationStatuses: [ProgressEvent.OperationStatus]

    public init(operations: [ProgressEvent.Operation] = [], operationStatuses: [ProgressEvent.OperationStatus] = []) {
        self.operations = operations
        self.operationStatuses = operationStatuses
    }
}

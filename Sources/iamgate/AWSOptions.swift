import ArgumentParser
import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a command reaches AWS: the profile, endpoint and wire log (the region is each command's own `--region`).
struct AWSOptions: ParsableArguments {
    @Option(help: "The AWS profile (default: AWS_PROFILE, else 'default').")
    var profile: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp(
            "Send every AWS call to this URL (also AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, "
                + "AWS_ENDPOINT_URL_ORGANIZATIONS)."))
    var endpointURL: String?

    @Flag(help: "Write each AWS request and response to stderr (secrets redacted).")
    var debug = false

    /// The access options for `region`, logging to stderr with `--debug` and telling the user about retries when
    /// stderr is a terminal.
    func access(region: String?) -> AWSAccessOptions {
        var options = AWSAccessOptions(profile: profile, region: region, endpointURL: endpointURL)
        if debug {
            options.wireLog = { message in printError(message, prefix: "iamgate: debug: ") }
        }
        if debug || Progress.isTerminal {
            options.onRetry = { event in Progress.line("retrying: \(event)") }
        }
        return options
    }
}

/// Status lines on stderr while a live run waits on AWS, only when stderr is a terminal: each replaces the last.
enum Progress {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Shows `text` on the status line.
    @Sendable static func status(_ text: String) {
        guard isTerminal else { return }
        var standardError = StandardError()
        print("\r\u{1B}[2K\(text)", terminator: "", to: &standardError)
    }

    /// Writes `text` as its own line (clearing the status line first).
    @Sendable static func line(_ text: String) {
        var standardError = StandardError()
        print((isTerminal ? "\r\u{1B}[2K" : "") + "iamgate: \(text)", to: &standardError)
    }

    /// Clears the status line before the report is printed.
    static func clear() {
        guard isTerminal else { return }
        var standardError = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &standardError)
    }
}

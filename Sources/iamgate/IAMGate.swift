import ArgumentParser
import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// iamgate: may this AWS principal perform each operation on awscc.imagebuilder.images?
@main
struct IAMGate: ParsableCommand {
    static func main() {
        PeakMemoryReport.install()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "iamgate",
        abstract: "Decide, before anything runs, whether an AWS principal may perform an operation.",
        discussion: """
            Exit codes: 0 allowed / success, 1 runtime failure, 2 denied (or an expectation did not hold), \
            3 undetermined, 4 local and AWS disagree (--compare), 5 exec's --timeout ran out while a request was \
            in progress, 64 usage or invalid input.
            """,
        version: VersionInfo.text(),
        subcommands: [
            Check.self, Exec.self, AuditLogCommand.self, Eval.self, Lint.self, Actions.self, CatalogCommand.self,
            Policy.self, WhoAmI.self,
        ]
    )
}

/// When `IAMGATE_PEAK_MEMORY_FILE` names a file, the process writes its peak resident memory there at exit (Linux
/// `VmHWM`, in kB). The benchmark reads it: `wait4`'s `ru_maxrss` also counts the parent's memory at spawn time.
enum PeakMemoryReport {
    static func install() {
        guard getenv("IAMGATE_PEAK_MEMORY_FILE") != nil else { return }
        atexit {
            guard let target = getenv("IAMGATE_PEAK_MEMORY_FILE"), let status = fopen("/proc/self/status", "r")
            else { return }
            defer { fclose(status) }
            var line = [CChar](repeating: 0, count: 256)
            while fgets(&line, Int32(line.count), status) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                guard text.hasPrefix("VmHWM:") else { continue }
                let kilobytes = text.dropFirst("VmHWM:".count).filter(\.isNumber)
                if let output = fopen(target, "w") {
                    fputs(String(kilobytes) + "\n", output)
                    fclose(output)
                }
                return
            }
        }
    }
}

/// Exit codes shared by every command (DESIGN.md).
enum Exit {
    static let success = ExitCode(0)
    static let runtimeFailure = ExitCode(1)
    static let denied = ExitCode(2)
    static let undetermined = ExitCode(3)
    static let disagreement = ExitCode(4)
    static let timedOut = ExitCode(5)
    static let invalidInput = ExitCode(64)
}

/// Stops with exit 1 when the service reference data cannot be read (commands that build or lint requests need
/// it; without it every action would look unknown).
func requireServiceData() throws {
    if let problem = ServiceData.problem {
        printError(problem)
        throw Exit.runtimeFailure
    }
}

/// Runs a command body, printing an input error as one sentence on stderr and exiting 64, and a runtime failure
/// (credentials, network, an AWS error) as one sentence and exiting 1.
func reportingErrors(_ body: () throws -> ExitCode) throws -> ExitCode {
    do {
        return try body()
    } catch let error as InputError {
        Progress.clear()
        printError(error.message)
        return Exit.invalidInput
    } catch let error as RuntimeError {
        Progress.clear()
        printError(error.message)
        return Exit.runtimeFailure
    }
}

func printError(_ message: String, prefix: String = "iamgate: error: ") {
    var standardError = StandardError()
    print("\(prefix)\(message)", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

import Foundation
import Subprocess
import SystemPackage

/// Runs the helper programs Prakat drives (chromium for PDFs, qrencode for QR codes): one place
/// that bounds them, so a stuck or runaway program can never hold a request or the server.
///
/// Every run has an overall deadline, a cap on what standard output may hold, and a teardown
/// when either is hit (or the calling task is cancelled): SIGTERM to the program's whole process
/// group, then SIGKILL after `grace`. The program starts in a session of its own, so that the
/// group is only it and its children (chromium's renderers), never this server.
/// Built on swift-subprocess, which reads the pipes without blocking a thread and reaps the
/// child before `run` returns. Standard input is an unlinked temporary file rather than the
/// package's input writer: in swift-subprocess 1.0.2 a program that exits without reading all
/// of its input leaves the writer's descriptor open, and its deinit stops the whole process
/// with fatalError ("FileDescriptor … was not closed").
struct ProcessRunner: Sendable {
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// No executable file at the path (a missing Debian package, a wrong PRAKAT_* path).
        case missingExecutable(String)
        case launchFailed(String)
        /// Killed after the deadline.
        case timedOut(seconds: Double)
        /// Standard output went past the cap; the program was killed.
        case outputTooLarge(limit: Int)
        case exited(status: Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .missingExecutable(let path): "no executable at \(path)"
            case .launchFailed(let reason): "could not start: \(reason)"
            case .timedOut(let seconds): "did not finish within \(seconds) s"
            case .outputTooLarge(let limit): "wrote more than \(limit) bytes"
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "ended by signal \(signal)"
            }
        }
    }

    var environment: [String: String] = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
    var workingDirectory: String?
    var timeout: Duration
    var outputLimit: Int
    /// Between SIGTERM and SIGKILL: chromium needs a moment to take its renderers down.
    var grace: Duration = .seconds(2)

    /// Standard output of a run that exited with status 0; anything else throws `Failure`.
    func run(_ executable: String, arguments: [String], input: [UInt8] = []) async throws(Failure) -> [UInt8] {
        guard Self.isExecutable(executable) else { throw .missingExecutable(executable) }
        let inputFile = try Self.inputFile(input)
        // Ours to close: the child reads its own copy, and a failed spawn must not leave it open.
        defer { try? inputFile.close() }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: grace)]
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: .custom(Dictionary(environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) }) { $1 }),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: options)
        let limit = outputLimit
        let timeout = self.timeout

        enum Outcome: Sendable {
            case finished(TerminationStatus, [UInt8])
            case failed(Failure)
            case deadline
        }
        let outcome = await withTaskGroup(of: Outcome.self) { group -> Outcome in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        configuration, input: .fileDescriptor(inputFile, closeAfterSpawningProcess: false),
                        output: .bytes(limit: limit), error: .discarded)
                    return .finished(result.terminationStatus, result.standardOutput)
                } catch let error as SubprocessError {
                    return .failed(Self.failure(error, executable: executable, limit: limit))
                } catch {
                    // Cancelled: the deadline task or the caller; the teardown has run.
                    return .deadline
                }
            }
            group.addTask {
                // Cancelled when the program finishes first; that result is taken instead.
                try? await Task.sleep(for: timeout)
                return .deadline
            }
            let first = await group.next() ?? .deadline
            // Cancelling the run tears the program down (SIGTERM, grace, SIGKILL) and reaps it
            // before the group returns.
            group.cancelAll()
            return first
        }
        switch outcome {
        case .finished(.exited(0), let output): return output
        case .finished(.exited(let status), _): throw .exited(status: status)
        case .finished(.signaled(let signal), _): throw .signalled(signal)
        case .failed(let failure): throw failure
        case .deadline: throw .timedOut(seconds: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        }
    }

    /// An executable regular file (a directory has its x bit too).
    static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    private static func failure(_ error: SubprocessError, executable: String, limit: Int) -> Failure {
        switch error.code {
        case .executableNotFound: .missingExecutable(executable)
        case .outputLimitExceeded: .outputTooLarge(limit: limit)
        default: .launchFailed(error.description)
        }
    }

    /// `bytes` in a temporary file that is already unlinked, read from the start: nothing is left
    /// on disk, and a program that reads none of it cannot make a write fail.
    private static func inputFile(_ bytes: [UInt8]) throws(Failure) -> FileDescriptor {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("prakat-stdin-" + UUID().uuidString)
        do {
            let file = try FileDescriptor.open(FilePath(path), .readWrite, options: [.create, .exclusiveCreate, .closeOnExec], permissions: .ownerReadWrite)
            try? FileManager.default.removeItem(atPath: path)
            do {
                _ = try file.writeAll(bytes)
                _ = try file.seek(offset: 0, from: .start)
                return file
            } catch {
                try? file.close()
                throw error
            }
        } catch {
            throw .launchFailed("standard input: \(error)")
        }
    }
}

fn main() -> std::process::ExitCode {
    statuslint::cli::main()
}

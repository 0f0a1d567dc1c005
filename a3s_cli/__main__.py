from a3s_cli.main import run

run()

from techniekpact.cli import main

main()

namespace Patchworks.Cli.Tests;

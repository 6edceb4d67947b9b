global using Disque.Wire;
global using Microsoft.Extensions.Logging;

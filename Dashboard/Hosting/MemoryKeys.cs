using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// The keys that protect the login cookie and the forms' anti-forgery tokens, kept in
/// memory only: nothing is written to disk (nor left unencrypted there), and a restart
/// signs everyone out.
/// </summary>
internal sealed class MemoryKeys : IXmlRepository
{
    private readonly Lock _lock = new();
    private readonly List<XElement> _keys = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
            return [.. _keys.Select(k => new XElement(k))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
            _keys.Add(new XElement(element));
    }
}

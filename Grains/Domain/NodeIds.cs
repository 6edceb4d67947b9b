using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Disque.Domain;

/// <summary>
/// A silo's Disque node id: 40 lowercase hex digits from the SHA-1 of its
/// address and generation, so a restarted silo is a new node. Job ids carry the
/// first 8 digits, which name the silo that made the job.
/// </summary>
public static class NodeIds
{
    public static string FromSilo(string siloKey) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(siloKey)));

    public static uint Prefix(string nodeId) => uint.Parse(nodeId.AsSpan(0, 8), System.Globalization.NumberStyles.HexNumber);

    public static uint PrefixFromSilo(string siloKey) => BinaryPrimitives.ReadUInt32BigEndian(SHA1.HashData(Encoding.UTF8.GetBytes(siloKey)));
}

using System.Buffers.Binary;
using System.Reflection.Metadata;

namespace Pprof.Collector.Metadata;

/// <summary>An IL instruction: where it starts, what it does, and its metadata token when it has one.</summary>
internal readonly record struct ILInstruction(int Offset, ILOpCode OpCode, int Token)
{
    /// <summary>The instructions of a method body, in order; a truncated body ends the sequence where it breaks.</summary>
    public static List<ILInstruction> Decode(ReadOnlySpan<byte> il)
    {
        var instructions = new List<ILInstruction>();
        var at = 0;
        while (at < il.Length)
        {
            var start = at;
            var opCode = (ILOpCode)il[at++];
            if ((int)opCode == 0xFE)
            {
                if (at >= il.Length)
                {
                    break;
                }

                opCode = (ILOpCode)(0xFE00 | il[at++]);
            }

            var size = OperandSize(opCode, il[at..]);
            if (size < 0 || at + size > il.Length)
            {
                break;
            }

            var token = size == 4 && HasToken(opCode) ? BinaryPrimitives.ReadInt32LittleEndian(il[at..]) : 0;
            instructions.Add(new ILInstruction(start, opCode, token));
            at += size;
        }

        return instructions;
    }

    /// <summary>The <c>no.</c> prefix, which <see cref="ILOpCode"/> does not name.</summary>
    private const ILOpCode NoPrefix = (ILOpCode)0xFE19;

    private static bool HasToken(ILOpCode opCode) => opCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj
        or ILOpCode.Newarr or ILOpCode.Box or ILOpCode.Jmp or ILOpCode.Ldftn or ILOpCode.Ldvirtftn;

    /// <summary>The operand's size in bytes (ECMA-335 III), -1 when the switch table does not fit.</summary>
    private static int OperandSize(ILOpCode opCode, ReadOnlySpan<byte> operand) => opCode switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s
            or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned or ILOpCode.Leave_s or NoPrefix => 1,
        >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s => 1,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        ILOpCode.Switch => operand.Length < 4 ? -1 : 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(operand)),
        >= ILOpCode.Br and <= ILOpCode.Blt_un => 4,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt
            or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass
            or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld
            or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box
            or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
            or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Leave or ILOpCode.Ldftn
            or ILOpCode.Ldvirtftn or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof => 4,
        _ => 0,
    };
}

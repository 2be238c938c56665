package dev.gatehouse.rego.builtins;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IP addresses and CIDR networks with Go's {@code net} package rules (OPA's net builtins are defined by it):
 * textual forms, IPv4 inside IPv6, {@code Contains}, and canonical printing. Addresses are byte arrays of length
 * 4 or 16; a network's address and mask always have equal length. Stateless.
 */
final class IpAddresses {
    private IpAddresses() {}

    /** A network: masked address and prefix length; {@code ip.length} is 4 or 16. */
    record Net(byte[] ip, int prefix) {
        int bits() {
            return ip.length * 8;
        }

        boolean contains(byte[] address16) {
            byte[] x = to4(address16);
            byte[] a = x != null ? x : address16;
            if (a.length != ip.length) {
                return false;
            }
            return Arrays.equals(mask(a, prefix), ip);
        }

        BigInteger first() {
            return new BigInteger(1, ip);
        }

        BigInteger last() {
            return first().or(BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE));
        }

        @Override
        public String toString() {
            return format(ip) + "/" + prefix;
        }
    }

    /** Go's net.ParseIP: a 16-byte address (IPv4 mapped into IPv6), or null. */
    static byte[] parseIp(String s) {
        if (s.indexOf(':') < 0) {
            byte[] v4 = parseIpv4(s);
            return v4 == null ? null : mapped(v4);
        }
        return parseIpv6(s);
    }

    static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** The 4-byte form of an IPv4 (or IPv4-mapped) address, else null. */
    static byte[] to4(byte[] ip) {
        if (ip.length == 4) {
            return ip;
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return null;
            }
        }
        if (ip[10] != (byte) 0xff || ip[11] != (byte) 0xff) {
            return null;
        }
        return Arrays.copyOfRange(ip, 12, 16);
    }

    static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    static byte[] parseIpv6(String s) {
        byte[] out = new byte[16];
        int ellipsis = -1;
        int i = 0;
        int pos = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            pos = 2;
            if (pos == s.length()) {
                return out;
            }
        }
        while (i < 16) {
            int end = pos;
            while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            if (end - pos > 4 || end == pos) {
                return null;
            }
            if (end < s.length() && s.charAt(end) == '.') {
                // trailing IPv4
                if (ellipsis < 0 && i != 12 || i + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseIpv4(s.substring(pos));
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, i, 4);
                i += 4;
                pos = s.length();
                break;
            }
            int v = Integer.parseInt(s.substring(pos, end), 16);
            out[i] = (byte) (v >> 8);
            out[i + 1] = (byte) v;
            i += 2;
            pos = end;
            if (pos == s.length()) {
                break;
            }
            if (s.charAt(pos) != ':' || pos + 1 == s.length()) {
                return null;
            }
            pos++;
            if (s.charAt(pos) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                pos++;
                if (pos == s.length()) {
                    break;
                }
            }
        }
        if (pos != s.length()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                out[j + n] = out[j];
            }
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) {
                out[j] = 0;
            }
        } else if (ellipsis >= 0) {
            return null;
        }
        return out;
    }

    /** Go's net.ParseCIDR: "invalid CIDR address: X" on failure. */
    static Net parseCidr(String s) {
        int slash = s.indexOf('/');
        BuiltinException invalid = BuiltinException.builtinError("invalid CIDR address: " + s);
        if (slash < 0) {
            throw invalid;
        }
        String addr = s.substring(0, slash);
        String len = s.substring(slash + 1);
        byte[] ip;
        int bits;
        byte[] v4 = addr.indexOf(':') < 0 ? parseIpv4(addr) : null;
        if (v4 != null) {
            ip = v4;
            bits = 32;
        } else {
            ip = parseIpv6(addr);
            bits = 128;
        }
        if (ip == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || (len.length() > 1 && len.charAt(0) == '0')) {
            throw invalid;
        }
        int prefix = Integer.parseInt(len);
        if (prefix > bits) {
            throw invalid;
        }
        return normalize(ip, prefix);
    }

    /** IPv4-mapped IPv6 networks behave as IPv4 networks (Go's networkNumberAndMask). */
    static Net normalize(byte[] ip, int prefix) {
        if (ip.length == 16) {
            byte[] x = to4(ip);
            if (x != null && prefix >= 96) {
                return new Net(mask(x, prefix - 96), prefix - 96);
            }
        }
        return new Net(mask(ip, prefix), prefix);
    }

    static byte[] mask(byte[] ip, int prefix) {
        byte[] out = ip.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    static byte[] fromBigInteger(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    /** Go's IP.String: dotted for IPv4 (and mapped) addresses, RFC 5952 compression for IPv6. */
    static String format(byte[] ip) {
        byte[] v4 = to4(ip);
        if (v4 != null) {
            return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** The smallest list of networks covering [first, last] exactly (netaddr's iprange_to_cidrs). */
    static List<Net> rangeToCidrs(BigInteger first, BigInteger last, int length) {
        List<Net> out = new ArrayList<>();
        int bits = length * 8;
        BigInteger cur = first;
        while (cur.compareTo(last) <= 0) {
            int size = cur.signum() == 0 ? bits : cur.getLowestSetBit();
            size = Math.min(size, bits);
            while (size > 0 && cur.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                size--;
            }
            out.add(new Net(fromBigInteger(cur, length), bits - size));
            cur = cur.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }
}

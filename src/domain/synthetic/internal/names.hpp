// Word lists for synthetic people and places: Chinese surnames (weighted, Jiangsu-like),
// given-name characters by sex and birth decade, road and estate names, mobile prefixes.
// Thread-safety: immutable data and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "domain/synthetic/random.hpp"

namespace linli::synthetic::internal {

std::string_view DrawSurname(Rng& rng);
// A one- or two-character given name fitting the sex and the birth year.
std::string DrawGivenName(Rng& rng, bool male, int birth_year);
// A road: one of Yangzhou's real roads in Yangzhou (3210), else a road name found in most
// Chinese cities (人民路, 建设路, …), so another city's addresses do not name Yangzhou's streets.
std::string_view DrawRoad(Rng& rng, std::string_view city_code);
std::string DrawEstateName(Rng& rng);
// An 11-digit mainland mobile number (13x..19x prefixes in use).
std::string DrawMobile(Rng& rng);
// "第一网格" … "第九十九网格".
std::string GridName(int number);
// "琼花观社区居委会" -> "琼花观社区"; "王庄村村民委员会" -> "王庄村".
std::string ShortPlaceName(std::string_view community_name, bool urban);

}  // namespace linli::synthetic::internal
